"""The SAN website in Wagtail: pages, guidance, news, jobs, the homes directory and the referral form page."""

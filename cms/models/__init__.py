"""Wagtail page types and snippets for the SAN website. Child data never lives here."""

from .base import BasePage, HomePage, ImportantUpdate, StandardPage
from .guidance import GuidanceIndexPage, GuidancePage
from .homes import SecureHomePage, SecureHomesIndexPage
from .jobs import JobPage, JobsIndexPage
from .news import NewsIndexPage, NewsPage
from .pages import DataSummaryPage, DocumentsLibraryPage, ReferralFormPage, SearchPage

__all__ = [
    "BasePage",
    "DataSummaryPage",
    "DocumentsLibraryPage",
    "GuidanceIndexPage",
    "GuidancePage",
    "HomePage",
    "ImportantUpdate",
    "JobPage",
    "JobsIndexPage",
    "NewsIndexPage",
    "NewsPage",
    "ReferralFormPage",
    "SearchPage",
    "SecureHomePage",
    "SecureHomesIndexPage",
    "StandardPage",
]

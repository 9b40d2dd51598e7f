"""Local development: debug on, a throwaway secret key, console e-mail."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-change-me")

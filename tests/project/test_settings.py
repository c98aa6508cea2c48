"""Settings read from the environment refuse unsafe or unsupported configurations."""
import os
import subprocess
import sys

from django.conf import settings

# What the test process may carry (browser tests set the async flag) but a deployment never has.
NOT_IN_PRODUCTION = {"DEBUG", "DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_django_setup(**env):
    clean = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    clean.update(env, DJANGO_SETTINGS_MODULE="project.settings")
    return subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=settings.BASE_DIR,
                          env=clean, capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django_setup()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key():
    assert run_django_setup(DJANGO_SECRET_KEY="x" * 50, ALLOWED_HOSTS="crosscheck.example.org",
                            CROSSCHECK_SITE_URL="https://crosscheck.example.org").returncode == 0


def test_production_refuses_to_start_without_its_public_address():
    # Feeds, webhooks and ClaimReview link readers there: guessing it from a request gave two addresses.
    result = run_django_setup(DJANGO_SECRET_KEY="x" * 50, ALLOWED_HOSTS="crosscheck.example.org")
    assert result.returncode != 0 and "CROSSCHECK_SITE_URL is not set" in result.stderr
    result = run_django_setup(DEBUG="1", CROSSCHECK_SITE_URL="crosscheck.example.org")
    assert result.returncode != 0 and "CROSSCHECK_SITE_URL must be an http:// or https:// address" in result.stderr


def test_database_url_must_be_postgresql():
    result = run_django_setup(DEBUG="1", DATABASE_URL="mysql://user@localhost/crosscheck")
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    env.update(DJANGO_SECRET_KEY="k8#Vq2!rTz@9Lm$4Wx&7Hn^3Bd*6Fs(1Jp)5Gc_0Ya+Ue-Ri=Oo~Ki" * 2,
               ALLOWED_HOSTS="crosscheck.example.org", CROSSCHECK_SITE_URL="https://crosscheck.example.org/",
               DJANGO_SETTINGS_MODULE="project.settings")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

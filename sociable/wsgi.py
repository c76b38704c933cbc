import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociable.settings")
application = get_wsgi_application()

from sociable.core.startup import assert_safe_to_serve  # noqa: E402

assert_safe_to_serve()

"""One shape for every API error: {"detail": "...", ...}. Service refusals become 400 (invalid
input), 403 (not allowed), 404 (not yours or not there) or 422 (the content was refused by the
confidentiality guard or the publishing checks)."""

from contextlib import contextmanager

from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler

from sociable.inbox.replies import ReplyBlocked
from sociable.publishing.posts import PostRefused


class Refused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request was understood but refused."

    def __init__(self, detail, **extra):
        super().__init__(detail)
        self.extra = extra


def handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        data = response.data
        if isinstance(data, dict) and set(data) == {"detail"}:
            response.data = {"detail": _summary(data)}
        else:
            response.data = {"detail": _summary(data), "errors": data}
    elif isinstance(exc, Refused):
        response.data = {"detail": str(exc.detail), **exc.extra}
    return response


def _summary(errors) -> str:
    """The first error message, for people reading the response."""
    while isinstance(errors, dict | list) and errors:
        errors = next(iter(errors.values())) if isinstance(errors, dict) else errors[0]
    return str(errors) if errors else "The request is not valid."


@contextmanager
def service_errors():
    """Turn what services raise into API errors (PermissionDenied is DRF's own 403)."""
    try:
        yield
    except ReplyBlocked as blocked:
        raise Refused(str(blocked), findings=blocked.findings) from None
    except PostRefused as refused:
        raise Refused(
            str(refused), problems=refused.check.problems, findings=refused.check.findings
        ) from None
    except ValueError as error:
        raise ValidationError({"detail": str(error)}) from None

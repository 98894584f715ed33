"""The language a request is answered in: Chinese, unless the user chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
machines run an English Windows; the product speaks Chinese first. Only the language
switch's cookie changes it.
"""

from django.conf import settings


def chosen_language(request) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

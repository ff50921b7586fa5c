# Only what differs from Django's Swedish formats: ISO first, so a form's date input always
# carries the value a browser's date picker accepts (Swedish already writes dates in ISO; the
# American month/day orders Django lists are dropped, they read 03/04 as the wrong day).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]

# Only what differs from Django's Russian formats. A form's date input shows its value in the
# first input format, and a browser's date picker (<input type=date>) accepts only ISO: ISO
# comes first, the Russian day.month.year is still read when typed.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%y %H:%M",
]

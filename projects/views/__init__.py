"""The browser face of projects/: the projects themselves, and the intake of firms."""

from projects.views import enrolments, intake, projects

urls = [*enrolments.urls, *projects.urls, *intake.urls]

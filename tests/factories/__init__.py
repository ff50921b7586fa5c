"""factory_boy factories shared by every test, one module per app (``tests.factories.projects``
...), and the few builders that go through the services a user calls (an enrolment through
intake, a coaching session, a timbank request).

A factory writes a row as it is, whatever the rules: the figure and ledger tests use them to
lay out a history by hand. A builder is for a test that needs the rules applied on the way.
"""

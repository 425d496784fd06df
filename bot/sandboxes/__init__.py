"""The simulators: the three vendor sandboxes and the stand-in Slack; they import nothing of the product.

``frame.py`` is the shared base (loopback server, clock, faults, journal, PARIS); ``slack.py`` the
stand-in Slack Web API. Every vendor package (clever/, cliqphone/, axialys/) has the same files:

- ``server.py``   the SandboxServer subclass: routes requests to operations, authenticates, test hooks;
- ``state.py``    the data the sandbox holds (a ``State`` and its records) and its clock-driven evolution;
- ``seed.py``     the data set a fresh sandbox starts with;
- ``rules.py``    the document's checks on requests (pure functions, citing the spec) and its error;
- ``wire.py``     how requests are read and answers written (JSON, ``;`` lines, encodings);
- ``dialects.py`` the DIALECTS table (name → the document's words) and what each one changes.

Extra modules hold a vendor's own domain where a role would outgrow ~400 lines: clever/pushes.py,
deliveries.py, criteria.py; cliqphone/number_fields.py; axialys/ one module per section of
operations (operators, planning, popups, files, calls, centrex).
"""

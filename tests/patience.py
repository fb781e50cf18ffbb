"""How long a test waits for something before it calls it hung.

A guard against a test that would otherwise wait forever, never a speed bound: on a machine
busy with other work everything is slower, not wrong, so this is minutes, not seconds. Speed
is measured by `make bench`, against a reference timed in the same run.
"""

HANG_SECONDS = 300.0

#!/usr/bin/env python3
"""Writes the IANA time zone names the tz database of this machine holds (Python's
`zoneinfo.available_timezones()`, read from /usr/share/zoneinfo) as
Policies/owasp-django/data/time-zones.json.

Django's settings loader joins TIME_ZONE to /usr/share/zoneinfo and raises ValueError
("Incorrect timezone setting") when that file is missing, on any system that has the folder.

    python3 scripts/record-time-zones.py > Policies/owasp-django/data/time-zones.json
"""
import json
import sys
import zoneinfo

zones = sorted(zoneinfo.available_timezones())
json.dump({"format": "parapet-time-zones/1", "source": "tzdata of the recording machine via zoneinfo.available_timezones()",
           "zones": zones}, sys.stdout, indent=1)
sys.stdout.write("\n")

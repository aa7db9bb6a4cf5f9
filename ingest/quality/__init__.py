"""Checks of a build before it is published: Great Expectations suites (distributions, shares) and the audit
against the published warehouse."""

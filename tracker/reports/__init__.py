"""Progress reports: what learners post, print or hand to a mentor. Built from the services,
written by the front ends; each format is a pure function of a `Report`."""

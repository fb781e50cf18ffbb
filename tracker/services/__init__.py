"""What learners do with paths: progress, next-up, statistics, backups. The only callers of
the store; front ends call these and get plain data back."""

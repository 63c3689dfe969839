"""Plain, typed logic of the PPID warehouse pipelines; importable and testable without Airflow."""

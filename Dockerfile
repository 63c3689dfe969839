# Production image: Airflow 3.3 with the project's locked dependencies and code.
FROM apache/airflow:3.3.2-python3.11
# WeasyPrint (the annual report's PDF) renders with Pango and subsets fonts with HarfBuzz
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
USER airflow
COPY --chown=airflow:0 requirements.lock pyproject.toml README.md /opt/ppid/
RUN pip install --no-cache-dir -r /opt/ppid/requirements.lock
COPY --chown=airflow:0 transforms /opt/ppid/transforms
COPY --chown=airflow:0 sql /opt/ppid/sql
COPY --chown=airflow:0 expectations /opt/ppid/expectations
COPY --chown=airflow:0 reference /opt/ppid/reference
COPY --chown=airflow:0 dags /opt/airflow/dags
RUN pip install --no-cache-dir --no-deps -e /opt/ppid

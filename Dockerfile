# The matchmaker image used by docker-compose.yml (`matchmaker worker`; `matchmaker web` for the web app) (not buildable on the dev machines here:
# they have no Docker engine; `make demo` / `make test` run the same code without containers).
FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir -r requirements.lock
COPY models ./models
COPY matcher ./matcher
COPY streams ./streams
COPY web ./web
RUN pip install --no-cache-dir --no-deps .
ENTRYPOINT ["matchmaker"]
CMD ["worker"]

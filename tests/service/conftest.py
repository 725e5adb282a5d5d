from service_fixtures import pg_cluster, sqlite_store, store, store_url  # noqa: F401  (fixtures)

"""The analytics engine: statistics and prioritisation over the whole monitoring store,
written once as ibis expressions that run on DuckDB (embedded, the default) and could run on
another ibis backend (e.g. Apache Spark) when a deployment outgrows one machine. Like
:mod:`npgov.science` it imports no Django: the apps hand it tables (Parquet files or Arrow)."""

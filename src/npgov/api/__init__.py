"""The REST API: one NinjaAPI assembled from each app's router."""

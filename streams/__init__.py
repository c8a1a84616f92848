"""The Kafka runtime of LTC Matchmaker: worker, follower, emitter, processors, CLI. May import ``matcher``
and ``models``, never ``tools``."""

"""Kafka stream processing for LTC Matchmaker."""

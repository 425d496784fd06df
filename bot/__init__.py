"""Relais: drive telecom vendors from Slack."""

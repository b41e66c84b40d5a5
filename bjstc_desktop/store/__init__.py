"""Persistence: the SQLCipher engine, key slots, models, migrations, repositories
(the one place that decides who may see what), audit chain, attachments and backup."""

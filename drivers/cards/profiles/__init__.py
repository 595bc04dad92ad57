"""Card profiles: one per card layout (a meter brand's, or gaspos's own open one)."""

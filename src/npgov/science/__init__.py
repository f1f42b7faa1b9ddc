"""Pure computation for npgov: no Django imports."""

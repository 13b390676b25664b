"""Page sections per scenario kind: ``form(scn, ns, elements) -> edited scenario`` and ``results(run)``.

``ns`` keys the form's widgets to the scenario file; ``elements`` are the network's damageable
element names by field (pipe, pump, source) for the damage editor.
"""

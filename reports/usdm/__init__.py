"""The design as a CDISC USDM study definition (JSON, USDM model version 4.0.0): ``build`` makes
the document, ``codes`` holds the CDISC controlled terms it uses, ``export`` writes it."""

"""The on-screen charts (pyqtgraph): the dose landscape, the forest plot and the power curve.

This package imports nothing heavy: import the chart modules themselves where a chart is first
needed (pyqtgraph costs about 0.3 s and is never loaded before the wizard is shown). The numbers
they draw come from models.chart_data, which the PDF draws from too.
"""

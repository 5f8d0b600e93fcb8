"""esgcli: numbers out of Chinese ESG, sustainability and financial text, as data.

>>> from esgcli import extract
>>> [m.to_dict()["value"] for m in extract("累计投入33亿元用于科技研发")]
[3300000000]
"""

from esgcli.extract import Extractor, extract, load_indicators
from esgcli.model import Metric

__all__ = ["Extractor", "Metric", "__version__", "extract", "load_indicators"]
__version__ = "0.1.0"

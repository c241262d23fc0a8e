"""Pages of the people side for office staff: ``contacts``, ``organizations``, ``imports`` (contact
import from CSV/XLSX) and ``directory`` (what the directories share)."""

"""The baseline app of bench/bench_bundle.py: a bare PySide6 QWizard, frozen with the same
PyInstaller as the program. It reports what the program's frozen --smoke reports (seconds from
process start to the first window shown, and peak memory), then quits."""

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWizard, QWizardPage  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from ui.first_frame import after_first_frame  # noqa: E402 - frozen in (bare_wizard.spec)


def seconds_since_process_start() -> float:
    # The same clock as ui/app.py's _seconds_since_process_start (Linux /proc, 10 ms ticks).
    with open("/proc/self/stat", encoding="ascii") as stream:
        fields = stream.read().rsplit(")", 1)[1].split()
    return time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / os.sysconf("SC_CLK_TCK")


app = QApplication(sys.argv[:1])
wizard = QWizard()
for title in ("Trial", "Product", "Dose", "Population", "Control", "Endpoints", "Follow-up",
              "Review"):
    page = QWizardPage()
    page.setTitle(title)
    wizard.addPage(page)
wizard.show()
first_window = []


def first_frame() -> None:
    first_window.append(seconds_since_process_start())
    first_window.append(time.process_time())   # as MainWindow.first_frame_cpu
    app.quit()


# The same helper as the program's --smoke: the turn after the window's first paint.
after_first_frame(wizard, first_frame)
app.exec()
for _ in range(7):  # walk every page, as the program's smoke test visits every step
    wizard.next()
    app.processEvents()
# As ui/app.py's _peak_memory_mb: VmHWM, not ru_maxrss (which carries over the parent's peak).
with open("/proc/self/status", encoding="ascii") as status:
    peak_mb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
print(f"bare: ok: first window {first_window[0]:.3f} s after start ({first_window[1]:.3f} s CPU); "
      f"peak memory {peak_mb:.0f} MB")

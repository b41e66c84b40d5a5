"""The look: Qt's Fusion style with a calm, dense style sheet — white pages, a light
sidebar, one accent blue, red only for what is overdue or classified, and a plain amber
ring round whatever has the keyboard focus (a style sheet with borders hides the native
focus rectangle, so the ring is drawn here for every kind of control)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

ACCENT = "#1f4e79"
FOCUS = "#e0a100"  # the keyboard focus: a ring no state colour uses

STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: #ffffff; }}
QMenuBar {{ background: #f7f9fb; border-bottom: 1px solid #d5dce6; }}
QStatusBar {{ background: #f7f9fb; border-top: 1px solid #d5dce6; color: #3e4c59; }}
QStatusBar QLabel {{ padding: 0 10px; border-left: 1px solid #d5dce6; }}
QLabel#page_title {{ font-size: 15pt; font-weight: bold; color: {ACCENT}; }}
QLabel#page_summary {{ color: #6b7785; padding-bottom: 2px; }}
QLabel#section_title {{ font-weight: bold; color: #1f2933; padding-top: 4px; }}
QFrame[tile="true"] {{ background: #f4f7fb; border: 1px solid #dfe6ef; border-radius: 4px; }}
QFrame[tile="true"][alert="true"] {{ background: #fdf1f0; border-color: #f0c9c5; }}
QLabel#tile_number {{ font-size: 17pt; font-weight: bold; color: {ACCENT}; }}
QFrame[alert="true"] QLabel#tile_number {{ color: #b3261e; }}
QTableView, QTreeWidget, QTableWidget {{
    border: 1px solid #dfe6ef; gridline-color: #eef2f7;
    alternate-background-color: #f7f9fc; background: #ffffff;
    selection-background-color: #d6e4f5; selection-color: #10243a;
}}
QTreeWidget::item {{ padding: 3px 2px; }}
QHeaderView::section {{
    background: #f0f3f7; color: #3e4c59; border: none; border-bottom: 1px solid #d5dce6;
    border-right: 1px solid #e4e9f0; padding: 4px 6px; font-weight: bold;
}}
QLabel[placeholder="true"] {{ color: #7b8794; background: #fafbfd; border: 1px dashed #dfe6ef; }}
QLineEdit, QComboBox {{ padding: 3px 6px; border: 1px solid #c5cfdb; border-radius: 3px; background: #ffffff; }}
QLineEdit:focus, QComboBox:focus {{ border-color: {ACCENT}; }}
QPushButton {{ padding: 4px 16px; border: 1px solid #b8c4d2; border-radius: 3px; background: #f7f9fb; }}
QPushButton:default {{ background: {ACCENT}; color: #ffffff; border-color: {ACCENT}; }}
QPushButton:disabled {{ background: #e9edf2; color: #8a96a3; border-color: #d5dce6; }}
QToolButton {{ padding: 3px 10px; border: 1px solid #c5cfdb; border-radius: 3px; background: #f7f9fb; }}
QLabel#login_org_label {{ font-size: 14pt; font-weight: bold; color: {ACCENT}; }}
QLabel#message_label[error="true"], QLabel#unlock_message {{ color: #b3261e; }}
QWidget#lock_screen {{ background: #eef2f7; }}
QFrame#lock_card {{ background: #ffffff; border: 1px solid #d5dce6; border-radius: 6px; }}
QLabel#lock_title {{ font-size: 14pt; font-weight: bold; color: {ACCENT}; }}
QLabel#case_no_label {{ font-size: 15pt; font-weight: bold; color: {ACCENT}; }}
QLabel#title_label {{ font-size: 11pt; }}
QLabel#classification_badge, QLabel#state_badge {{
    padding: 1px 8px; border-radius: 3px; background: #e8eef6; color: {ACCENT};
}}
QLabel#classification_badge[secret="true"] {{ background: #fdf1f0; color: #b3261e; }}
QLabel#fields_title, QLabel#parties_title, QLabel#timeline_title, QLabel#letters_title {{
    font-weight: bold; padding-top: 4px; }}
QLabel[caption="true"], QLabel#tile_caption {{ color: #6b7785; }}
QLabel#due_badge {{ padding: 1px 8px; border-radius: 3px; background: #e6f2e8; color: #2e6b3a; }}
QLabel#due_badge[dueStatus="due_soon"] {{ background: #fff0a8; color: #6b5200; }}
QLabel#due_badge[dueStatus="due_today"] {{ background: #ffd9b0; color: #9a4300; font-weight: bold; }}
QLabel#due_badge[dueStatus="overdue"] {{ background: #fbdcd9; color: #b3261e; font-weight: bold; }}
QLabel#checks_title {{ font-weight: bold; padding-top: 4px; }}
QLabel#actions_caption {{ color: #6b7785; }}
QPushButton[action="true"] {{ background: #eaf1fa; border-color: #9db7d5; color: {ACCENT}; font-weight: bold; }}
QPushButton[action="true"]:hover, QPushButton[primary="true"]:hover {{ border-color: {ACCENT}; }}
QPushButton[primary="true"], QToolButton[primary="true"] {{
    background: {ACCENT}; color: #ffffff; border: 1px solid {ACCENT}; border-radius: 3px;
}}
QToolButton[primary="true"]:disabled {{ background: #e9edf2; color: #8a96a3; border-color: #d5dce6; }}
QLabel[banner="error"] {{ background: #fdf1f0; border: 1px solid #f0c9c5; color: #b3261e; padding: 5px 8px; border-radius: 3px; }}
QLabel[banner="note"] {{ background: #eef4fb; border: 1px solid #cfdcec; color: {ACCENT}; padding: 5px 8px; border-radius: 3px; }}
QLabel#form_title, QLabel#action_title {{ font-size: 14pt; font-weight: bold; color: {ACCENT}; }}
QLabel[formSection="true"] {{
    font-weight: bold; color: #1f2933; padding: 6px 0 2px 0; border-bottom: 1px solid #dfe6ef;
}}
QLabel[fieldLabel="true"] {{ color: #3e4c59; padding-top: 4px; }}
QLabel[fieldMessage="true"] {{ font-size: 9pt; }}
QLabel[fieldMessage="true"][severity="error"] {{ color: #b3261e; }}
QLabel[fieldMessage="true"][severity="warning"] {{ color: #9a6b00; }}
QLabel[fieldMessage="true"][severity="note"] {{ color: #6b7785; }}
QPlainTextEdit {{ border: 1px solid #c5cfdb; border-radius: 3px; background: #ffffff; }}
QPlainTextEdit:focus {{ border-color: {ACCENT}; }}
QWidget#form_body, QWidget#side_box {{ background: #ffffff; }}
QLabel[banner="draft"] {{ background: #fff4d6; border: 1px solid #e0a100; color: #6b4e00; padding: 6px 8px;
    border-radius: 3px; font-weight: bold; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {FOCUS}; }}
QPushButton:focus {{ padding: 3px 15px; }}
QToolButton:focus {{ padding: 2px 9px; }}
QTableView:focus, QTreeWidget:focus, QTableWidget:focus, QTextBrowser:focus {{ border: 2px solid {FOCUS}; }}
QLineEdit:focus, QComboBox:focus {{ border: 2px solid {FOCUS}; padding: 2px 5px; }}
QPlainTextEdit:focus, QDateEdit:focus {{ border: 2px solid {FOCUS}; }}
QCheckBox:focus {{ border: 1px dotted {FOCUS}; }}
"""


def apply_style(app: QApplication) -> None:
    """Use Fusion (the same on every platform) with our style sheet."""
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE_SHEET)

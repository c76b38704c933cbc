"""Is an element really visible to a person? Playwright's is_visible() only checks that it has
a box; this also walks up the tree for display, visibility and computed opacity."""

_REALLY_VISIBLE = """
(element) => {
  const box = element.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) return "it has no size";
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.display === "none") return `${node.tagName} is display: none`;
    if (style.visibility === "hidden" || style.visibility === "collapse")
      return `${node.tagName} is visibility: ${style.visibility}`;
    if (parseFloat(style.opacity) < 0.1) return `${node.tagName} has opacity ${style.opacity}`;
  }
  return "";
}
"""


def why_not_visible(locator) -> str:
    """'' when the element is visible, or why a person would not see it."""
    locator.wait_for(state="attached")
    return locator.evaluate(_REALLY_VISIBLE)


def assert_really_visible(locator) -> None:
    problem = why_not_visible(locator)
    assert problem == "", f"not visible to a person: {problem}"

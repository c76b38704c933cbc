// Live character count in the composer: graphemes as people see them. The exact count for each
// network (X weighs links and some characters differently) is checked on the server.
const form = document.querySelector("[data-live-counter]");
if (form) {
  const text = form.querySelector("textarea[name=text]");
  const out = form.querySelector("[data-count]");
  const segmenter = "Segmenter" in Intl ? new Intl.Segmenter("en-GB") : null;
  const count = () => {
    const value = text.value;
    out.textContent = segmenter ? [...segmenter.segment(value)].length : value.length;
  };
  text.addEventListener("input", count);
  count();
}

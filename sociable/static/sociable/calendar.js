// Drag a post to another day on the calendar; the server keeps its time of day.
const form = document.getElementById("move-form");
if (form) {
  let dragged = null;
  document.querySelectorAll("[data-post][draggable=true]").forEach((post) => {
    post.addEventListener("dragstart", (event) => {
      dragged = post.dataset.post;
      event.dataTransfer.setData("text/plain", dragged);
    });
  });
  document.querySelectorAll("[data-date]").forEach((cell) => {
    cell.addEventListener("dragover", (event) => event.preventDefault());
    cell.addEventListener("drop", (event) => {
      event.preventDefault();
      const post = dragged || event.dataTransfer.getData("text/plain");
      if (!post) return;
      form.elements.post.value = post;
      form.elements.date.value = cell.dataset.date;
      form.submit();
    });
  });
}

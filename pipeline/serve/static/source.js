// The source view: page images of the original, and the selected item's place marked on its page.
"use strict";
(function () {
  const root = document.getElementById("source"), img = document.getElementById("page-img");
  if (!root || !img) return;
  const doc = root.dataset.doc, pages = Number(root.dataset.pages);
  const hits = document.getElementById("hits"), place = document.getElementById("place");
  let page = 1;
  function show(n, boxes) {
    page = Math.min(Math.max(1, n), pages);
    document.getElementById("page-no").textContent = page;
    hits.replaceChildren();
    const draw = () => {
      for (const [l, t, r, b] of boxes || []) {
        const mark = document.createElement("div");
        mark.className = "hit";
        Object.assign(mark.style, {left: `${100 * l}%`, top: `${100 * t}%`, width: `${100 * (r - l)}%`, height: `${100 * (b - t)}%`});
        hits.appendChild(mark);
      }
      if (hits.firstChild) hits.firstChild.scrollIntoView({block: "center"});
    };
    const src = `/api/documents/${doc}/pages/${page}.png`;
    if (img.getAttribute("src") !== src) { img.onload = draw; img.setAttribute("src", src); } else { draw(); }
  }
  async function locate(item, button) {
    document.querySelectorAll("button.locate").forEach((b) => b.classList.toggle("selected", b === button));
    const res = await fetch(`/api/documents/${doc}/locate?item=${encodeURIComponent(item)}`);
    const where = await res.json();
    if (!res.ok) { place.textContent = "Không tìm được vị trí."; return; }
    place.textContent = where.boxes.length ? `Đã đánh dấu trên trang ${where.page}.`
      : where.page ? `Ở trang ${where.page} (không tìm thấy chữ trên ảnh trang, ví dụ trang quét).` : "Không tìm thấy trên các trang.";
    show(where.page || page, where.boxes);
  }
  document.getElementById("prev").addEventListener("click", () => show(page - 1));
  document.getElementById("next").addEventListener("click", () => show(page + 1));
  document.querySelectorAll("button.locate").forEach((b) => b.addEventListener("click", () => locate(b.dataset.item, b)));
  if (root.dataset.item) {
    const b = document.querySelector(`button.locate[data-item="${CSS.escape(root.dataset.item)}"]`);
    locate(root.dataset.item, b);
  }
})();

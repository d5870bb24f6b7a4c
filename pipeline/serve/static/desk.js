// The review desk's few behaviours: upload with progress, task table sort and filter, corrections.
"use strict";

// Every state-changing request carries the page's CSRF token (the server refuses it otherwise).
const CSRF = (document.querySelector("meta[name=csrf-token]") || {}).content || "";
const said = (answer, fallback) => answer.message || (typeof answer.detail === "string" ? answer.detail : fallback);

async function post(url, body) {
  const res = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "X-CSRF-Token": CSRF},
                                body: JSON.stringify(body || {})});
  let answer = {};
  try { answer = await res.json(); } catch (err) { answer = {detail: res.statusText}; }
  return {ok: res.ok, status: res.status, answer};
}

function uploadForm() {
  const form = document.getElementById("upload");
  if (!form) return;
  const input = document.getElementById("file"), bar = document.getElementById("progress"),
        status = document.getElementById("status");
  form.addEventListener("dragover", (e) => { e.preventDefault(); form.classList.add("over"); });
  form.addEventListener("dragleave", () => form.classList.remove("over"));
  form.addEventListener("drop", (e) => { e.preventDefault(); form.classList.remove("over"); input.files = e.dataTransfer.files; });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!input.files.length) return;
    if (input.files.length > 1) { uploadDossier(form, Array.from(input.files)); return; }
    const xhr = new XMLHttpRequest(), body = new FormData();
    const ticket = Math.random().toString(36).slice(2) + Date.now().toString(36);
    let poll = null;
    body.append("file", input.files[0]);
    bar.hidden = false; bar.value = 0; status.textContent = "Đang tải lên…";
    xhr.upload.onprogress = (ev) => { if (ev.lengthComputable) bar.value = 100 * ev.loaded / ev.total; };
    xhr.upload.onload = () => {
      bar.removeAttribute("value"); status.textContent = "Đang chuyển…";
      poll = setInterval(async () => {  // while it waits in the conversion queue, say its place
        const q = await (await fetch("/api/queue?ticket=" + ticket)).json();
        status.textContent = q.place ? `Đang chờ chuyển: thứ ${q.place} trong hàng đợi…` : "Đang chuyển…";
      }, 1000);
    };
    xhr.onload = () => {
      clearInterval(poll);
      let answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = {detail: xhr.statusText}; }
      if (xhr.status === 201) { status.textContent = "Xong."; window.location = answer.page; }
      else { bar.hidden = true; status.textContent = ""; showError(form, said(answer, xhr.statusText)); }
    };
    xhr.onerror = () => { clearInterval(poll); bar.hidden = true; showError(form, "Mất kết nối với máy chủ."); };
    xhr.open("POST", "/api/documents");
    xhr.setRequestHeader("X-CSRF-Token", CSRF);
    xhr.setRequestHeader("X-Upload-Ticket", ticket);
    xhr.send(body);
  });
}

// Several files at once: one dossier, each file uploaded in turn with its own status line.
async function uploadDossier(form, files) {
  const list = document.getElementById("dossier-status"), status = document.getElementById("status");
  const name = document.getElementById("dossier-name").value.trim() || files[0].name.replace(/\.[^.]+$/, "");
  const made = await post("/api/dossiers", {name});
  if (!made.ok) { showError(form, said(made.answer, "Không tạo được hồ sơ.")); return; }
  const dossier = made.answer.id;
  list.hidden = false; list.replaceChildren();
  const lines = files.map((f) => {
    const li = document.createElement("li");
    li.className = "waiting"; li.textContent = `${f.name}: đang chờ`;
    list.appendChild(li);
    return li;
  });
  status.textContent = `Đang tải lên hồ sơ (${files.length} tệp)…`;
  for (const [i, f] of files.entries()) {
    const body = new FormData();
    body.append("file", f);
    lines[i].className = "working"; lines[i].textContent = `${f.name}: đang chuyển…`;
    let answer = {}, res = null;
    try {
      res = await fetch(`/api/dossiers/${dossier}/files`, {method: "POST", headers: {"X-CSRF-Token": CSRF}, body});
      answer = await res.json();
    } catch (err) { answer = {message: "Mất kết nối với máy chủ."}; }
    lines[i].replaceChildren();
    if (res && res.ok && answer.status === "ok") {
      lines[i].className = "ok";
      const a = document.createElement("a");
      a.href = `/documents/${answer.doc_id}`; a.textContent = f.name;
      lines[i].append(a, ": đã chuyển");
    } else {
      lines[i].className = "failed";
      lines[i].textContent = `${f.name}: không chuyển được. ${answer.message || said(answer, "")}`;
    }
  }
  status.replaceChildren("Xong. ");
  const link = document.createElement("a");
  link.href = `/dossiers/${dossier}`; link.id = "dossier-link"; link.textContent = "Xem hồ sơ";
  status.appendChild(link);
}

function showError(form, message) {
  let p = document.querySelector("p.error");
  if (!p) { p = document.createElement("p"); p.className = "error"; p.setAttribute("role", "alert"); form.before(p); }
  p.textContent = typeof message === "string" ? message : JSON.stringify(message);
}

function taskTable() {
  const table = document.getElementById("task-table");
  if (!table) return;
  const rows = Array.from(table.tBodies[0].querySelectorAll("tr.task"));
  const groups = Array.from(table.tBodies[0].querySelectorAll("tr.group-row"));
  let sorted = false;
  const agency = document.getElementById("filter-agency"), deadline = document.getElementById("filter-deadline"),
        kind = document.getElementById("filter-kind"), shown = document.getElementById("shown");
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  function filter() {
    const a = fold(agency.value), d = fold(deadline.value), k = kind.value;
    let n = 0;
    for (const r of rows) {
      const text = fold(r.querySelector(".f-lead").textContent + " " + r.querySelector(".f-cooperating").textContent);
      const ok = (!a || text.includes(a)) && (!d || fold(r.querySelector(".f-deadline").textContent).includes(d))
                 && (!k || r.dataset.kind === k);
      r.hidden = !ok; n += ok;
    }
    groups.forEach((g) => { g.hidden = sorted || n < rows.length; });  // group rows only over the whole, unsorted list
    shown.textContent = `${n} / ${rows.length}`;
  }
  [agency, deadline].forEach((el) => el.addEventListener("input", filter));
  kind.addEventListener("change", filter);
  filter();
  table.querySelectorAll("th[data-sort]").forEach((th, col) => th.addEventListener("click", () => {
    const asc = !th.classList.contains("asc");
    table.querySelectorAll("th").forEach((x) => x.classList.remove("asc", "desc"));
    th.classList.add(asc ? "asc" : "desc");
    const key = (r) => th.dataset.sort === "deadline" ? (r.dataset.end || "9999") :
      th.dataset.sort === "label" ? Number(r.cells[0].dataset.v) : fold(r.cells[col].textContent.trim());
    rows.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0) * (asc ? 1 : -1));
    rows.forEach((r) => table.tBodies[0].appendChild(r));
    sorted = true; filter();
  }));
}

const FIELDS = {
  task: [["text", "Nội dung", "area"], ["lead", "Chủ trì (mỗi dòng một cơ quan)", "list"],
         ["cooperating", "Phối hợp (mỗi dòng một cơ quan)", "list"], ["deadline", "Thời hạn", "line"], ["product", "Sản phẩm", "area"]],
  reference: [["doc_type", "Loại", "line"], ["number", "Số", "line"], ["issued_date", "Ngày (ngày/tháng/năm)", "line"],
              ["issuer", "Cơ quan", "line"], ["relation", "Quan hệ", "choice"]],
};

function fieldInput(type, field, value, meta) {
  if (type !== "choice") {
    const input = document.createElement(type === "line" ? "input" : "textarea");
    input.name = field; input.value = value;
    return input;
  }
  const select = document.createElement("select");
  select.name = field;
  for (const [code, name] of Object.entries(meta.relations)) {
    const option = document.createElement("option");
    option.value = code; option.textContent = name; option.selected = code === value;
    select.appendChild(option);
  }
  return select;
}

// Under an agency list: names from the gazetteer for the line being typed; a click puts one in its place.
function agencyHints(area, meta) {
  const hints = document.createElement("div");
  hints.className = "hints";
  let timer = null;
  area.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const before = area.value.slice(0, area.selectionStart);
      const start = before.lastIndexOf("\n") + 1, endAt = area.value.indexOf("\n", area.selectionStart);
      const end = endAt < 0 ? area.value.length : endAt, line = area.value.slice(start, end).trim();
      hints.replaceChildren();
      if (line.length < 3) return;
      const got = await (await fetch(`/api/agencies?q=${encodeURIComponent(line)}&place=${encodeURIComponent(meta.place || "")}`)).json();
      const names = [...(got.normalized ? [got.normalized] : []), ...(got.suggestions || [])];
      for (const name of [...new Set(names)]) {
        const b = document.createElement("button");
        b.type = "button"; b.className = "hint"; b.textContent = name;
        b.addEventListener("click", () => { area.value = area.value.slice(0, start) + name + area.value.slice(end); hints.replaceChildren(); });
        hints.appendChild(b);
      }
    }, 250);
  });
  return hints;
}

function corrections() {
  const dialog = document.getElementById("editor");
  if (!dialog) return;
  const meta = JSON.parse(document.getElementById("doc-meta").textContent);
  let row = null, before = {};
  document.querySelectorAll("button.undo").forEach((b) => b.addEventListener("click", async () => {
    const done = await post(`/api/documents/${meta.id}/corrections/${b.dataset.id}/undo`);
    if (done.ok) window.location.reload(); else alertBox(said(done.answer, "Không hoàn tác được."));
  }));
  document.querySelectorAll("button.edit").forEach((b) => b.addEventListener("click", () => {
    row = b.closest("tr");
    const kind = row.dataset.item.split(":")[0];
    document.getElementById("edit-title").textContent = kind === "task"
      ? `Sửa nhiệm vụ ${row.cells[0].textContent.trim()}` : `Sửa văn bản được dẫn: ${row.cells[0].textContent.trim()}`;
    const box = document.getElementById("edit-fields");
    box.replaceChildren();
    before = {};
    for (const [field, label, type] of FIELDS[kind]) {
      const cell = row.querySelector(".f-" + field);
      const value = type === "list" ? Array.from(cell.children).map((d) => d.textContent).join("\n")
        : type === "choice" ? cell.dataset.v : cell.textContent.trim();
      before[field] = value;
      const l = document.createElement("label");
      l.textContent = label;
      const input = fieldInput(type, field, value, meta);
      l.appendChild(input); box.appendChild(l);
      if (type === "list") box.appendChild(agencyHints(input, meta));
    }
    document.getElementById("edit-error").textContent = "";
    dialog.showModal();
  }));
  document.getElementById("edit-cancel").addEventListener("click", () => dialog.close());
  document.getElementById("edit-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const err = document.getElementById("edit-error");
    for (const input of document.querySelectorAll("#edit-fields [name]")) {
      if (input.value === before[input.name]) continue;
      const done = await post(`/api/documents/${meta.id}/corrections`, {item: row.dataset.item, field: input.name, value: input.value});
      if (!done.ok) { err.textContent = said(done.answer, "Không lưu được."); return; }
    }
    dialog.close();
    window.location.reload();
  });
}

function alertBox(message) {
  let p = document.getElementById("desk-alert");
  if (!p) { p = document.createElement("p"); p.id = "desk-alert"; p.className = "error"; p.setAttribute("role", "alert");
            document.querySelector("main").prepend(p); }
  p.textContent = message;
}

uploadForm();
taskTable();
corrections();

/* Zorgzaam as an installable app: progressive enhancement only; every page and form works
 * without this file.
 *
 * - Registers the service worker (/sw.js) on the pages that are kept for offline use or that
 *   offer the app controls.
 * - "Install the app" button when the browser offers it; push messages on/off.
 * - A form marked data-zorgzaam-queue (accept, decline, done) sent while offline is kept on
 *   this device and sent once, when the connection is back; the server's answer (e.g. "someone
 *   else has already taken this task") is shown at the top of the page.
 */
(function () {
  "use strict";

  const QUEUE = "zorgzaam-queue";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function say(kind, text) {
    const main = document.getElementById("main");
    if (!main) {
      return;
    }
    let box = document.getElementById("zorgzaam-queue-messages");
    if (!box) {
      box = el("div", "messages");
      box.id = "zorgzaam-queue-messages";
      box.setAttribute("role", kind === "error" ? "alert" : "status");
      main.insertBefore(box, main.firstChild);
    }
    box.appendChild(el("p", "alert alert-" + kind, text));
  }

  // ------------------------------------------------------------------ service worker
  const wantsWorker = document.querySelector(
    'meta[name="zorgzaam-offline"], [data-push-controls]'
  );
  if ("serviceWorker" in navigator && wantsWorker) {
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () {
      /* no worker: the pages still work online */
    });
  }

  // ------------------------------------------------------------------ offline queue
  function readQueue() {
    try {
      return JSON.parse(localStorage.getItem(QUEUE) || "[]");
    } catch (error) {
      return [];
    }
  }

  function writeQueue(items) {
    if (items.length) {
      localStorage.setItem(QUEUE, JSON.stringify(items));
    } else {
      localStorage.removeItem(QUEUE);
    }
  }

  function queueForm(form) {
    const texts = document.getElementById("zorgzaam-queue-text");
    const data = texts ? texts.dataset : {};
    const fields = [];
    new FormData(form).forEach(function (value, name) {
      fields.push([name, String(value)]);
    });
    const items = readQueue();
    items.push({
      id: String(Date.now()) + "-" + Math.random().toString(16).slice(2),
      action: form.action,
      fields: fields,
      title: document.title,
      sent: data.sent || "",
      failed: data.failed || "",
    });
    writeQueue(items);
    form.querySelectorAll("button, input, select, textarea").forEach(function (field) {
      field.disabled = true;
    });
    say("warning", data.queued || "");
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.matches("[data-zorgzaam-queue]") && navigator.onLine === false) {
      event.preventDefault();
      queueForm(form);
    }
    if (form.action && new URL(form.action).pathname === "/account/logout/") {
      // Logging out: nothing of this account stays on the device.
      localStorage.removeItem(QUEUE);
    }
  });

  function serverAnswer(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const alerts = doc.querySelectorAll(".messages .alert");
    let error = "";
    const success = [];
    alerts.forEach(function (node) {
      if (node.classList.contains("alert-error")) {
        error = error || node.textContent.trim();
      } else {
        success.push(node.textContent.trim());
      }
    });
    return {error: error, success: success.join(" ")};
  }

  async function sendOne(item) {
    const body = new URLSearchParams();
    item.fields.forEach(function (pair) {
      body.append(pair[0], pair[1]);
    });
    const response = await fetch(item.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {"X-Zorgzaam-Replay": item.id},
    });
    const answer = serverAnswer(await response.text());
    // The "kept until you are connected" note has done its work.
    document.querySelectorAll("#zorgzaam-queue-messages .alert-warning").forEach(function (node) {
      node.remove();
    });
    const label = item.title.split(" · ")[0];
    if (!response.ok || answer.error) {
      say("error", item.failed + " " + label + ": " + (answer.error || response.status));
    } else {
      say("success", item.sent + " " + label + (answer.success ? ": " + answer.success : ""));
    }
  }

  async function replay() {
    if (navigator.onLine === false) {
      return;
    }
    // One item at a time, each taken off the queue before it is sent: sent once, also with
    // several tabs open (the lock) or when the page closes half-way.
    for (;;) {
      const items = readQueue();
      if (!items.length) {
        return;
      }
      const item = items.shift();
      writeQueue(items);
      try {
        await sendOne(item);
      } catch (error) {
        // No connection after all: keep it for the next time.
        writeQueue([item].concat(readQueue()));
        return;
      }
    }
  }

  function replayLocked() {
    if (navigator.locks) {
      navigator.locks.request(QUEUE, replay);
    } else {
      replay();
    }
  }

  window.addEventListener("online", replayLocked);
  if (readQueue().length) {
    replayLocked();
  }

  // ------------------------------------------------------------------ app controls
  const controls = document.querySelector("[data-push-controls]");
  if (!controls) {
    return;
  }
  const status = controls.querySelector("[data-push-status]");
  function show(text) {
    if (status) {
      status.textContent = text;
    }
  }

  const install = controls.querySelector("[data-install]");
  let prompt = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    prompt = event;
    controls.hidden = false;
    install.hidden = false;
  });
  install.addEventListener("click", function () {
    if (prompt) {
      prompt.prompt();
      prompt = null;
      install.hidden = true;
    }
  });

  const on = controls.querySelector("[data-push-on]");
  const off = controls.querySelector("[data-push-off]");
  const key = controls.dataset.key;
  const pushable = key && "serviceWorker" in navigator && "PushManager" in window &&
    "Notification" in window;
  if (!pushable) {
    return;
  }
  controls.hidden = false;

  function csrf() {
    const field = controls.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : "";
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
      body: JSON.stringify(data),
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    });
  }

  function keyBytes(b64) {
    const padded = (b64 + "===".slice((b64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(padded);
    return Uint8Array.from(raw, function (ch) {
      return ch.charCodeAt(0);
    });
  }

  function state(subscribed) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    show(subscribed ? controls.dataset.textOn : controls.dataset.textOff);
  }

  navigator.serviceWorker.ready.then(function (registration) {
    return registration.pushManager.getSubscription();
  }).then(function (subscription) {
    state(Boolean(subscription));
  });

  on.addEventListener("click", async function () {
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        show(controls.dataset.textDenied);
        return;
      }
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(key),
      });
      await post(controls.dataset.subscribe, subscription.toJSON());
      state(true);
    } catch (error) {
      show(controls.dataset.textFailed);
    }
  });

  off.addEventListener("click", async function () {
    try {
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.getSubscription();
      if (subscription) {
        await post(controls.dataset.unsubscribe, {endpoint: subscription.endpoint});
        await subscription.unsubscribe();
      }
      state(false);
    } catch (error) {
      show(controls.dataset.textFailed);
    }
  });
})();

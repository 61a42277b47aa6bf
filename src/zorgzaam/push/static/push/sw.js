/* Zorgzaam service worker. Served by the view push:service_worker at /sw.js, which puts
 * `const ZORGZAAM = {offline, precache, logout, login, version}` above this file.
 *
 * - Pages that say <meta name="zorgzaam-offline" content="keep"> ("Mijn taken", a task, the
 *   buddy check-in) are kept when visited: network first, the kept copy when offline.
 * - Other pages go to the network; offline they get the offline page.
 * - Static files: network first, the kept copy when offline.
 * - Logging out forgets every kept page.
 * - A push message shows a notification; clicking it opens the page it names.
 */
/* global ZORGZAAM */
"use strict";

const PAGES = "zorgzaam-pages";
const STATIC = "zorgzaam-static-" + ZORGZAAM.version;
const MARKER = /<meta name="zorgzaam-offline" content="keep">/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC)
      .then((cache) => cache.addAll(ZORGZAAM.precache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("zorgzaam-static-") && name !== STATIC)
          .map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

function isStatic(url) {
  return url.pathname.startsWith("/static/");
}

async function keepIfMarked(request, response) {
  // Only complete, successful pages of this site that ask to be kept.
  if (!response.ok || response.redirected || response.type !== "basic") {
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  if (!type.startsWith("text/html")) {
    return;
  }
  const text = await response.clone().text();
  const cache = await caches.open(PAGES);
  if (MARKER.test(text)) {
    await cache.put(request.url, response);
  } else {
    // The page no longer asks to be kept (e.g. the task went to someone else): forget it.
    await cache.delete(request.url);
  }
}

async function page(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    event.waitUntil(keepIfMarked(request, response.clone()));
    return response;
  } catch (error) {
    const kept = await caches.match(request.url, {cacheName: PAGES});
    if (kept) {
      return kept;
    }
    const offline = await caches.match(ZORGZAAM.offline, {cacheName: STATIC});
    return offline || Response.error();
  }
}

async function staticFile(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(STATIC).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request, {cacheName: STATIC});
    return kept || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && url.pathname === ZORGZAAM.logout) {
    // Logging out: no page of this account stays on the device.
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (request.mode === "navigate" && url.pathname === ZORGZAAM.login) {
    // Sent to the login page: the session ended (idle timeout, expiry, logout elsewhere).
    // The kept pages (a task's address and phone) go too; the login page itself is fetched.
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(request));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "forget-pages") {
    event.waitUntil(caches.delete(PAGES));
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {body: event.data ? event.data.text() : ""};
  }
  const title = data.title || "Zorgzaam";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.body || "",
      tag: data.tag || undefined,
      icon: ZORGZAAM.precache[3],
      badge: ZORGZAAM.precache[3],
      data: {url: data.url || "/"},
      lang: "nl",
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/",
    self.location.origin);
  if (target.origin !== self.location.origin) {
    return;
  }
  event.waitUntil(
    self.clients.matchAll({type: "window", includeUncontrolled: true}).then((windows) => {
      for (const client of windows) {
        if (client.url === target.href && "focus" in client) {
          return client.focus();
        }
      }
      return self.clients.openWindow(target.href);
    })
  );
});

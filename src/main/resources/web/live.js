// The live page: active calls, and for the chosen call each participant's current expression and a
// timeline of the release's scores, fed by /live/calls/{callId}/stream (server-sent events).
"use strict";

const KEEP_SECONDS = 300;
const COLOURS = ["#d94f4f", "#3b7dd8", "#e3a21a", "#41a05a", "#8a5cc7", "#1fa3a3", "#c2568f", "#6b6b6b"];
const participants = new Map(); // participantId -> {card, events: Map(seq -> event), chart, labels}
let selected = null;
let stream = null;

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function status(text) {
  document.getElementById("status").textContent = text;
}

async function getJson(path) {
  const r = await fetch(path, {headers: {"Accept": "application/json"}});
  if (!r.ok) throw new Error(path + " answered " + r.status);
  return r.json();
}

async function refreshCalls() {
  try {
    const {calls} = await getJson("/live/calls");
    const list = document.getElementById("calls");
    list.replaceChildren(...calls.map(c => {
      const a = el("a", {href: "#call=" + encodeURIComponent(c.callId), "data-call": c.callId}, c.callId + " ");
      a.append(el("span", {class: "count"}, c.participants + (c.participants === 1 ? " participant" : " participants")));
      if (c.callId === selected) a.classList.add("selected");
      const li = el("li");
      li.append(a);
      return li;
    }));
    document.getElementById("no-calls").hidden = calls.length > 0;
    if (selected === null && calls.length > 0 && !location.hash) {
      location.hash = "call=" + encodeURIComponent(calls[0].callId);
    }
  } catch (e) {
    status("cannot read the calls: " + e.message);
  }
}

function card(participantId) {
  let p = participants.get(participantId);
  if (p) return p;
  const article = el("article", {class: "participant", "data-participant": participantId});
  article.append(el("h3", {}, participantId), el("div", {class: "label", "data-role": "label"}, "…"),
      el("div", {class: "face", "data-role": "face"}), el("div", {class: "meta", "data-role": "meta"}),
      el("div", {class: "chart"}));
  const container = document.getElementById("participants");
  const after = [...container.children].find(c => c.dataset.participant > participantId);
  container.insertBefore(article, after || null);
  p = {card: article, events: new Map(), chart: null, labels: null};
  participants.set(participantId, p);
  return p;
}

function chartFor(p, labels) {
  const box = p.card.querySelector(".chart");
  const series = [{}].concat(labels.map((l, i) => ({label: l, stroke: COLOURS[i % COLOURS.length], width: 1.5})));
  p.labels = labels;
  p.chart = new uPlot({width: Math.max(box.clientWidth, 320), height: 170, series: series,
    scales: {x: {time: true}, y: {range: [0, 1]}}, legend: {live: false}}, [[], ...labels.map(() => [])], box);
}

function show(p) {
  const events = [...p.events.values()].sort((a, b) => a.seq - b.seq);
  const last = events[events.length - 1];
  const label = p.card.querySelector("[data-role=label]");
  // an event without scores has no label: its window saw no face yet (or the release scored nothing)
  const shown = Object.keys(last.scores).length > 0 ? last.label
      : (last.flags.includes("NO_FACE") ? "no face" : "not scored");
  label.textContent = shown;
  label.classList.toggle("neutral", shown !== last.label || shown === "neutral");
  p.card.dataset.seq = last.seq;
  p.card.dataset.label = shown;
  const face = p.card.querySelector("[data-role=face]");
  face.textContent = last.face
      ? "face reading: " + last.face.topClass + " " + last.face.probabilities[last.face.topClass].toFixed(2)
        + " (" + last.face.frames + " frames)"
      : "face reading: none (no face, or no face network)";
  const meta = p.card.querySelector("[data-role=meta]");
  meta.replaceChildren(document.createTextNode("second " + last.seq + " · " + last.model + " · "
      + last.latencyMs + " ms · "), ...(last.flags.length ? last.flags.map(f => el("span", {class: "flag"}, f))
      : [document.createTextNode("no flags")]));
  const labels = Object.keys(last.scores).sort();
  if (labels.length === 0) return;
  if (!p.chart || p.labels.join() !== labels.join()) {
    if (p.chart) p.chart.destroy();
    chartFor(p, labels);
  }
  const scored = events.filter(e => Object.keys(e.scores).length > 0);
  p.chart.setData([scored.map(e => e.captureStart / 1000),
    ...labels.map(l => scored.map(e => e.scores[l] === undefined ? null : e.scores[l]))]);
}

function add(event) {
  if (event.callId !== selected) return;
  const p = card(event.participantId);
  p.events.set(event.seq, event);
  const oldest = event.seq - KEEP_SECONDS;
  [...p.events.keys()].filter(s => s < oldest).forEach(s => p.events.delete(s));
  show(p);
}

async function loadHistory(callId) {
  const call = await getJson("/live/calls/" + encodeURIComponent(callId));
  Object.values(call.participants).forEach(events => events.forEach(add));
}

function select(callId) {
  if (stream) stream.close();
  selected = callId;
  participants.clear();
  document.getElementById("participants").replaceChildren();
  document.getElementById("call-title").textContent = callId === null ? "Choose a call" : "Call " + callId;
  refreshCalls();
  if (callId === null) return;
  loadHistory(callId).catch(e => status("cannot read the call: " + e.message));
  stream = new EventSource("/live/calls/" + encodeURIComponent(callId) + "/stream");
  let opened = false;
  stream.onopen = () => {
    status("live");
    // the server ends a stream now and then; what came meanwhile is in the call's history
    if (opened) loadHistory(callId).catch(() => {});
    opened = true;
  };
  stream.onmessage = m => add(JSON.parse(m.data));
  // a participant whose consent was withdrawn: nothing of them stays on the page
  stream.addEventListener("forget", m => {
    const {participantId} = JSON.parse(m.data);
    const p = participants.get(participantId);
    if (p) {
      if (p.chart) p.chart.destroy();
      p.card.remove();
      participants.delete(participantId);
    }
  });
  stream.onerror = () => status("reconnecting…");
}

function fromHash() {
  const m = /call=([^&]+)/.exec(location.hash);
  select(m ? decodeURIComponent(m[1]) : null);
}

window.addEventListener("hashchange", fromHash);
fromHash();
setInterval(refreshCalls, 2000);

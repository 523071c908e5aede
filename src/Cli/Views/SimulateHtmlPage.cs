namespace Cli.Views;

/// <summary>The fixed parts of the HTML page: style and the script that draws the charts from the embedded data.</summary>
internal static class SimulateHtmlPage
{
    public const string Style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; }
        h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
        table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #d0d5dd; padding: 2px 8px; text-align: left; }
        th { background: #f2f4f7; } pre { background: #f6f8fa; padding: 8px; overflow-x: auto; }
        svg text { font: 11px monospace; fill: #1d2330; } .axis { stroke: #98a2b3; }
        .bar.succeeded { fill: #32a852; } .bar.failed { fill: #d92d20; } .bar.cancelled { fill: #f79009; }
        .bar.skipped, .bar.not_run { fill: #98a2b3; } .bar.hist { fill: #4e79a7; } .window { stroke: #d92d20; stroke-dasharray: 4 3; }
        """;

    /// <summary>Draws the Gantt chart of trial 0 and the makespan histogram, then marks the body as rendered (the browser test waits for it).</summary>
    public const string Script = """
        (function () {
          var data = JSON.parse(document.getElementById('simulation-data').textContent);
          var NS = 'http://www.w3.org/2000/svg';
          function el(name, attrs, parent) {
            var node = document.createElementNS(NS, name);
            Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
            if (parent) { parent.appendChild(node); }
            return node;
          }
          function label(parent, x, y, text, anchor) {
            var t = el('text', { x: x, y: y, 'text-anchor': anchor || 'start' }, parent);
            t.textContent = text;
            return t;
          }
          function hm(seconds) {
            var m = Math.round(seconds / 60);
            return '+' + Math.floor(m / 60) + 'h' + ('0' + (m % 60)).slice(-2) + 'm';
          }
          var width = 960, left = 280, right = 20, rowHeight = 14;
          var span = Math.max(data.makespan, data.windowClose && data.windowClose < 4 * data.makespan ? data.windowClose : 0, 1);
          var plot = width - left - right;
          var gantt = el('svg', { width: width, height: data.steps.length * rowHeight + 40, id: 'gantt-chart' }, document.getElementById('gantt'));
          data.steps.forEach(function (s, i) {
            var y = 24 + i * rowHeight;
            label(gantt, 4, y + 10, s.id.length > 40 ? s.id.slice(0, 39) + '…' : s.id);
            var bar = el('rect', { x: left + s.start / span * plot, y: y + 2, width: Math.max(1, (s.finish - s.start) / span * plot), height: rowHeight - 4, 'class': 'bar ' + s.state }, gantt);
            el('title', {}, bar).textContent = s.id + ': ' + s.state + ', ' + hm(s.start) + ' to ' + hm(s.finish);
          });
          for (var k = 0; k <= 4; k++) {
            var x = left + k / 4 * plot;
            el('line', { x1: x, y1: 18, x2: x, y2: data.steps.length * rowHeight + 26, 'class': 'axis' }, gantt);
            label(gantt, x, 12, hm(k / 4 * span), 'middle');
          }
          if (data.windowClose && data.windowClose <= span) {
            var wx = left + data.windowClose / span * plot;
            el('line', { x1: wx, y1: 18, x2: wx, y2: data.steps.length * rowHeight + 26, 'class': 'window' }, gantt);
          }
          var values = data.makespans, lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
          if (data.windowClose) { hi = Math.max(hi, Math.min(data.windowClose, hi * 2)); }
          var bins = Math.max(1, Math.min(40, Math.ceil(Math.sqrt(values.length))));
          var size = (hi - lo) / bins || 1, counts = new Array(bins).fill(0);
          values.forEach(function (v) { counts[Math.min(bins - 1, Math.floor((v - lo) / size))]++; });
          var most = Math.max.apply(null, counts), hw = 960, hh = 220, base = 190, hl = 50, hp = hw - hl - 20;
          var histogram = el('svg', { width: hw, height: hh, id: 'histogram-chart' }, document.getElementById('histogram'));
          counts.forEach(function (c, i) {
            var h = c / most * (base - 20);
            var bar = el('rect', { x: hl + i / bins * hp, y: base - h, width: Math.max(1, hp / bins - 1), height: h, 'class': 'bar hist' }, histogram);
            el('title', {}, bar).textContent = c + ' trial(s) from ' + hm(lo + i * size) + ' to ' + hm(lo + (i + 1) * size);
          });
          el('line', { x1: hl, y1: base, x2: hl + hp, y2: base, 'class': 'axis' }, histogram);
          label(histogram, hl, base + 16, hm(lo), 'middle');
          label(histogram, hl + hp, base + 16, hm(hi), 'middle');
          label(histogram, 4, 20, most + ' trials');
          if (data.windowClose && data.windowClose >= lo && data.windowClose <= hi) {
            var cx = hl + (data.windowClose - lo) / (hi - lo || 1) * hp;
            el('line', { x1: cx, y1: 10, x2: cx, y2: base, 'class': 'window', id: 'window-mark' }, histogram);
            label(histogram, cx, 10, 'window closes ' + hm(data.windowClose), 'middle');
          }
          document.body.setAttribute('data-rendered', 'true');
        })();
        """;
}

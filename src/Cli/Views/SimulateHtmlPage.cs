namespace Cli.Views;

/// <summary>The fixed parts of the HTML page: style and the script that draws the charts from the embedded data.</summary>
internal static class SimulateHtmlPage
{
    public const string Style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; }
        h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
        table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #d0d5dd; padding: 2px 8px; text-align: left; }
        th { background: #f2f4f7; } pre { background: #f6f8fa; padding: 8px; overflow-x: auto; }
        .bar.succeeded { fill: #32a852; } .bar.failed { fill: #d92d20; } .bar.cancelled { fill: #f79009; }
        .bar.skipped, .bar.not_run { fill: #98a2b3; } .window { stroke: #d92d20; stroke-dasharray: 4 3; }
        """ + SvgStyle;

    /// <summary>The style of the server-drawn charts (<see cref="SvgChart"/>), shared by the simulate and plan pages.</summary>
    public const string SvgStyle = """
        svg text { font: 11px monospace; fill: #1d2330; } .axis { stroke: #667085; } .grid { stroke: #e4e7ec; }
        .tick { fill: #475467; } .bar.hist { fill: #4e79a7; } .bar.op { fill: #4e79a7; } .bar.tail { fill: #c6d4e6; }
        .band { fill: #ecfdf3; } .off { stroke: none; }
        .marker-window { stroke: #d92d20; fill: #d92d20; stroke-width: 1.5; } .label-window { fill: #b42318; font-weight: bold; }
        .marker-cutoff { stroke: #f79009; fill: #f79009; stroke-width: 1.5; stroke-dasharray: 4 3; } .label-cutoff { fill: #b54708; }
        .marker-quantile { stroke: #1d2330; fill: #1d2330; stroke-dasharray: 2 2; } .label-quantile { fill: #1d2330; }
        """;

    /// <summary>Draws the Gantt chart of trial 0, then marks the body as rendered (the browser test waits for it). The histogram is inline SVG (<see cref="SvgChart"/>).</summary>
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
          document.body.setAttribute('data-rendered', 'true');
        })();
        """;
}

#!/usr/bin/env python3
"""Generates the view-shape data shared by the core round-trip tests and the dev server.

Source: shared/api-contract.md §2 (what the server's Go structs hold; dropped members are
left out). Writes:
  crates/devserver/src/server_shapes.json   type -> {member: zero value}, plus omitempty members
  crates/core/tests/fixtures/views/*.json   per type: server-shaped, rich and spec-minimal forms
Run from the repo root: python3 scripts/gen/view_shapes.py
"""
import json, os

Q_ZERO = None  # nil slices are null
AXES_ZERO = None  # map[string]Axis, nil
STATIC_LEGEND_ZERO = {"colorizeRows": False, "heightRatio": 0, "show": False, "opacity": 0,
                      "orientationThreshold": 0, "valueAxis": "", "widthRatio": 0}
DECIMAL_ZERO = {"isEnforced": False, "digits": 0}
L = {"legendColorizeRows": False, "legendHide": False, "legendOpacity": 0, "legendOrientationThreshold": 0}
N = {"note": "", "showNoteWhenEmpty": False}
TX = {"xColumn": "", "generateXAxisTicks": None, "xTotalTicks": 0, "xTickStart": 0, "xTickStep": 0}
TY = {"yColumn": "", "generateYAxisTicks": None, "yTotalTicks": 0, "yTickStart": 0, "yTickStep": 0}
LABELS6 = {"xAxisLabel": "", "yAxisLabel": "", "xPrefix": "", "xSuffix": "", "yPrefix": "", "ySuffix": ""}

def m(*parts, **kw):
    out = {}
    for p in parts:
        out.update(p)
    out.update(kw)
    return out

SHAPES = {
    "xy": m(N, TX, TY, L, queries=None, colors=None, axes=None, geom="", position="", timeFormat="",
            staticLegend=STATIC_LEGEND_ZERO, shadeBelow=False, hoverDimension=""),
    "line-plus-single-stat": m(N, TX, TY, L, queries=None, colors=None, axes=None, prefix="", suffix="",
            decimalPlaces=DECIMAL_ZERO, position="", timeFormat="", staticLegend=STATIC_LEGEND_ZERO,
            shadeBelow=False, hoverDimension=""),
    "single-stat": m(N, queries=None, colors=None, prefix="", tickPrefix="", suffix="", tickSuffix="",
            decimalPlaces=DECIMAL_ZERO),
    "gauge": m(N, queries=None, colors=None, prefix="", tickPrefix="", suffix="", tickSuffix="",
            decimalPlaces=DECIMAL_ZERO),
    "table": m(N, queries=None, colors=None, tableOptions={"verticalTimeAxis": False,
            "sortBy": {"internalName": "", "displayName": "", "visible": False}, "wrapping": "", "fixFirstColumn": False},
            fieldOptions=None, timeFormat="", decimalPlaces=DECIMAL_ZERO),
    "markdown": {"note": ""},
    "histogram": m(N, L, queries=None, colors=None, xColumn="", fillColumns=None, xAxisLabel="", position="", binCount=0),
    "heatmap": m(N, TX, TY, L, LABELS6, queries=None, colors=None, binSize=0, timeFormat=""),
    "scatter": m(N, TX, TY, L, LABELS6, queries=None, colors=None, fillColumns=None, symbolColumns=None, timeFormat=""),
    "mosaic": m(N, TX, L, LABELS6, queries=None, colors=None, fillColumns=None, yLabelColumnSeparator="",
            yLabelColumns=None, ySeriesColumns=None, timeFormat="", hoverDimension=""),
    "band": m(N, TX, TY, L, queries=None, colors=None, axes=None, geom="", timeFormat="", hoverDimension="",
            upperColumn="", mainColumn="", lowerColumn="", staticLegend=STATIC_LEGEND_ZERO),
    "check": m(L, checkID="", queries=None, colors=None),
    "geo": m(N, queries=None, center={"lat": 0, "lon": 0}, zoom=0, mapStyle="", allowPanAndZoom=False,
            detectCoordinateFields=False, colors=None, layers=None),
    "log-viewer": {"columns": None},
}
# Members sent only when set (Go `omitempty`).
OMITEMPTY = {"histogram": ["xDomain"], "heatmap": ["xDomain", "yDomain"], "scatter": ["xDomain", "yDomain"],
             "mosaic": ["xDomain", "yDomain"]}
STRING_COLORS = {"heatmap", "scatter", "mosaic", "check"}
# Required members per the spec (besides shape and type), for the minimal form.
REQUIRED = {
    "xy": ["queries", "colors", "axes", "geom", "note", "showNoteWhenEmpty", "position"],
    "line-plus-single-stat": ["queries", "colors", "axes", "note", "showNoteWhenEmpty", "prefix", "suffix", "decimalPlaces", "position"],
    "single-stat": ["queries", "colors", "note", "showNoteWhenEmpty", "prefix", "tickPrefix", "suffix", "tickSuffix", "decimalPlaces"],
    "gauge": ["queries", "colors", "note", "showNoteWhenEmpty", "prefix", "tickPrefix", "suffix", "tickSuffix", "decimalPlaces"],
    "table": ["queries", "colors", "note", "showNoteWhenEmpty", "tableOptions", "fieldOptions", "timeFormat", "decimalPlaces"],
    "simple-table": ["queries", "showAll", "note", "showNoteWhenEmpty"],
    "markdown": ["note"],
    "histogram": ["queries", "colors", "note", "showNoteWhenEmpty", "xColumn", "fillColumns", "xDomain", "xAxisLabel", "position", "binCount"],
    "heatmap": ["queries", "colors", "note", "showNoteWhenEmpty", "xColumn", "yColumn", "xDomain", "yDomain", "xAxisLabel", "yAxisLabel", "xPrefix", "yPrefix", "xSuffix", "ySuffix", "binSize"],
    "scatter": ["queries", "colors", "note", "showNoteWhenEmpty", "xColumn", "yColumn", "fillColumns", "symbolColumns", "xDomain", "yDomain", "xAxisLabel", "yAxisLabel", "xPrefix", "yPrefix", "xSuffix", "ySuffix"],
    "mosaic": ["queries", "colors", "note", "showNoteWhenEmpty", "xColumn", "ySeriesColumns", "fillColumns", "xDomain", "yDomain", "xAxisLabel", "yAxisLabel", "xPrefix", "yPrefix", "xSuffix", "ySuffix"],
    "band": ["queries", "colors", "axes", "geom", "note", "showNoteWhenEmpty"],
    "check": ["checkID", "queries", "colors"],
    "geo": ["queries", "note", "showNoteWhenEmpty", "center", "zoom", "allowPanAndZoom", "detectCoordinateFields", "layers"],
}

QUERY = [{"text": "from(bucket: \"demo\")\n  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)\n  |> filter(fn: (r) => r._measurement == \"cpu\")",
          "editMode": "advanced", "name": "",
          "builderConfig": {"buckets": ["demo"], "tags": [{"key": "_measurement", "values": ["cpu"], "aggregateFunctionType": "filter"}],
                            "functions": [{"name": "mean"}], "aggregateWindow": {"period": "auto", "fillValues": False}}}]
DCOLORS = [{"id": "base", "type": "text", "hex": "#00C9FF", "name": "laser", "value": 0},
           {"id": "t1", "type": "threshold", "hex": "#F48D38", "name": "tiger", "value": 80.5}]
AXIS = {"bounds": ["", "100"], "label": "usage", "prefix": "", "suffix": "%", "base": "10", "scale": "linear"}

def rich_value(typ, key, zero):
    if key == "queries":
        return QUERY
    if key == "colors":
        return ["#31C0F6", "#A500A5", "#FF7E27"] if typ in STRING_COLORS else DCOLORS
    if key == "axes":
        return {"x": AXIS, "y": dict(AXIS, bounds=[])}
    if key == "layers":
        return [{"type": "circleMap", "radiusField": "magnitude", "radiusDimension": AXIS, "colorField": "depth",
                 "colorDimension": AXIS, "colors": DCOLORS, "radius": 12, "interpolateColors": True},
                {"type": "trackMap", "trackWidth": 4, "speed": 200, "randomColors": False, "colors": DCOLORS}]
    if key == "fieldOptions":
        return [{"internalName": "_time", "displayName": "time", "visible": True}]
    if key == "columns":
        return [{"name": "time", "position": 0, "settings": [{"type": "visibility", "value": "visible"}]}]
    if isinstance(zero, bool):
        return True
    if isinstance(zero, int):
        return 3
    if isinstance(zero, str):
        return {"geom": "line", "position": "overlaid", "hoverDimension": "auto", "timeFormat": "YYYY-MM-DD HH:mm:ss"}.get(key, key + "-value")
    if isinstance(zero, dict):
        return {k: rich_value(typ, k, v) for k, v in zero.items()}
    return ["a", "b"]  # other nil slices are string lists

def main():
    root = os.getcwd()
    shapes = {"types": SHAPES, "omitempty": OMITEMPTY}
    with open(os.path.join(root, "crates/devserver/src/server_shapes.json"), "w") as f:
        json.dump(shapes, f, indent=1, sort_keys=True)
        f.write("\n")
    out = os.path.join(root, "crates/core/tests/fixtures/views")
    os.makedirs(out, exist_ok=True)
    for typ, zero in SHAPES.items():
        server = dict(zero, type=typ, shape="chronograf-v2")
        rich = {k: rich_value(typ, k, v) for k, v in zero.items()}
        for k in OMITEMPTY.get(typ, []):
            rich[k] = [0, 100.5]
        rich.update(type=typ, shape="chronograf-v2", aFutureMember={"kept": [1, "two", None]})
        forms = {"server": server, "rich": rich}
        if typ in REQUIRED:
            minimal = {k: zero.get(k, []) for k in REQUIRED[typ]}
            minimal.update(type=typ, shape="chronograf-v2")
            forms["minimal"] = minimal
        for form, body in forms.items():
            with open(os.path.join(out, f"{typ}.{form}.json"), "w") as f:
                json.dump(body, f, indent=1, sort_keys=True)
                f.write("\n")
    simple = {"type": "simple-table", "shape": "chronograf-v2", "queries": QUERY, "showAll": True, "note": "", "showNoteWhenEmpty": False}
    with open(os.path.join(out, "simple-table.rich.json"), "w") as f:
        json.dump(simple, f, indent=1, sort_keys=True)
        f.write("\n")
    for name, body in {"empty": {"shape": "empty"}, "unknown-type": {"type": "sparkline", "shape": "chronograf-v2", "x": 1}}.items():
        with open(os.path.join(out, f"{name}.json"), "w") as f:
            json.dump(body, f, indent=1, sort_keys=True)
            f.write("\n")

main()

using System.Globalization;
using Budget.Api.Common;
using Budget.Api.Sankey;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Budget.Api.Exports;

/// <summary>
/// Draws a <see cref="MonthlyReport"/> on A4 pages: the summary, budgets against what was spent, the goals, and the
/// money map as a vector Sankey diagram. Only what is drawn is held in memory (a few hundred KB for a household).
/// </summary>
public static class ReportPdf
{
    private const double PageWidth = 595; // A4 in points
    private const double PageHeight = 842;
    private const double Margin = 42;
    private const double Right = PageWidth - Margin;
    private const double Bottom = PageHeight - Margin;
    private const double RowHeight = 17;

    private static readonly XColor Ink = XColor.FromArgb(0x1F, 0x29, 0x37);
    private static readonly XColor Muted = XColor.FromArgb(0x6B, 0x72, 0x80);
    private static readonly XColor Rule = XColor.FromArgb(0xE5, 0xE7, 0xEB);
    private static readonly XColor Good = XColor.FromArgb(0x05, 0x96, 0x69);
    private static readonly XColor Over = XColor.FromArgb(0xDC, 0x26, 0x26);

    public static void Write(MonthlyReport report, Stream output)
    {
        ReportFonts.EnsureInstalled();
        using var document = new PdfDocument();
        // Uncompressed: each compressed stream holds a native zlib state (~300 KB) that the allocator keeps after it is
        // freed, and a few reports in a row OOM-killed the 64 MiB pod (bench/README.md). A report is ~34 KB instead of ~18.
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
        var monthName = report.Month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        document.Info.Title = $"Budget report {monthName}: {report.ProfileName}";
        document.Info.Creator = "Budget";
        var page = new Pager(document);

        var title = new XFont(ReportFonts.Family, 20, XFontStyleEx.Bold);
        page.Graphics.DrawString($"Monthly report: {monthName}", title, new XSolidBrush(Ink), Margin, page.Y, XStringFormats.TopLeft);
        page.Y += 28;
        page.Text($"{report.ProfileName} · amounts in {report.Currency.Code} · made {report.Today:yyyy-MM-dd}", Margin, 9, Muted);
        page.Y += 26;

        DrawSummary(page, report);
        DrawBudgets(page, report);
        DrawGoals(page, report);
        DrawMoneyMap(page, report);

        document.Save(output, closeStream: false);
    }

    /// <summary>The month's totals as the "What happened" screen shows them: each with its plan, and left for savings or overspent.</summary>
    private static void DrawSummary(Pager page, MonthlyReport report)
    {
        page.Heading("Summary");
        var happened = report.Happened;
        var currency = report.Currency;
        var boxes = new (string Label, string Value, string? Planned, XColor Color)[]
        {
            // Income is planned by definition (the money map's), so it has no separate plan to show.
            ("Income (money map)", Amount(happened.Income, currency), null, Ink),
            ("Spent (transactions)", Amount(happened.Spent, currency), Amount(happened.PlannedSpending, currency), Ink),
            happened.Deficit > 0
                ? ("Overspent", Amount(happened.Deficit, currency), Amount(happened.PlannedDeficit, currency), Over)
                : ("Left for savings", Amount(happened.LeftOver, currency), Amount(happened.PlannedLeftOver, currency), Good),
            ("Savings rate", report.SavingsRate is { } rate ? $"{rate.ToString("0.0", CultureInfo.InvariantCulture)} %" : "no income", null, Ink),
        };
        var width = (Right - Margin - 3 * 8) / 4;
        for (var i = 0; i < boxes.Length; i++)
        {
            var x = Margin + i * (width + 8);
            page.Graphics.DrawRectangle(new XPen(Rule, 1), x, page.Y, width, 56);
            page.Graphics.DrawString(boxes[i].Label, Font(8), new XSolidBrush(Muted), x + 8, page.Y + 8, XStringFormats.TopLeft);
            page.Graphics.DrawString(Fit(page.Graphics, boxes[i].Value, Font(12, bold: true), width - 16), Font(12, bold: true), new XSolidBrush(boxes[i].Color), x + 8, page.Y + 22, XStringFormats.TopLeft);
            if (boxes[i].Planned is { } planned)
            {
                page.Graphics.DrawString(Fit(page.Graphics, $"planned {planned}", Font(7), width - 16), Font(7), new XSolidBrush(Muted), x + 8, page.Y + 40, XStringFormats.TopLeft);
            }
        }
        page.Y += 64;
        if (happened.Refunds > 0)
        {
            page.Text($"Includes {Amount(happened.Refunds, currency)} of refunds beyond what some budgets spent.", Margin, 9, Muted);
            page.Y += 16;
        }
        page.Y += 12;
    }

    private static void DrawBudgets(Pager page, MonthlyReport report)
    {
        page.Heading("Budgets vs spent");
        if (report.Happened.Budgets.Count == 0)
        {
            page.Text("No budgets yet.", Margin, 10, Muted);
            page.Y += 24;
            return;
        }
        double[] columns = [Margin, 250, 340, 420, 500];
        // Planned is the budget's share of the month, prorated by days as the "What happened" screen does.
        page.Row(columns, ["Budget", "Planned", "Spent", "Left", "Used"], header: true);
        foreach (var budget in report.Happened.Budgets)
        {
            var left = budget.Planned - budget.Spent;
            var used = budget.Planned == 0 ? 0 : 100m * budget.Spent / budget.Planned;
            page.Row(columns,
            [
                budget.Period == Budgets.BudgetPeriod.Monthly ? budget.Name : $"{budget.Name} ({budget.Period.ToString().ToLowerInvariant()})",
                Amount(budget.Planned, report.Currency),
                Amount(budget.Spent, report.Currency),
                Amount(left, report.Currency),
                $"{decimal.Round(used, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)} %",
            ], colors: [null, null, null, left < 0 ? Over : null, left < 0 ? Over : null]);
        }
        page.Y += 16;
    }

    private static void DrawGoals(Pager page, MonthlyReport report)
    {
        page.Heading("Goals");
        if (report.Goals.Count == 0)
        {
            page.Text("No goals yet.", Margin, 10, Muted);
            page.Y += 24;
            return;
        }
        double[] columns = [Margin, 230, 320, 410, 470];
        page.Row(columns, ["Goal", "Saved", "Target", "Progress", "Deadline"], header: true);
        foreach (var goal in report.Goals)
        {
            var deadline = goal.Deadline is { } date
                ? $"{date:yyyy-MM-dd}{(goal.OnTrack == false ? " (behind)" : goal.OnTrack == true ? " (on track)" : "")}"
                : "none";
            page.Row(columns,
            [
                goal.Name,
                Amount(goal.Current, report.Currency),
                Amount(goal.Target, report.Currency),
                $"{goal.Percent.ToString("0.0", CultureInfo.InvariantCulture)} %",
                deadline,
            ], colors: [null, null, null, null, goal.OnTrack == false ? Over : null]);
        }
        page.Y += 16;
    }

    /// <summary>The planned monthly flows as a Sankey: nodes in columns by how far they are from a source, bands as wide as the money.</summary>
    private static void DrawMoneyMap(Pager page, MonthlyReport report)
    {
        const double height = 300;
        if (page.Y + 24 + height > Bottom)
        {
            page.NewPage();
        }
        page.Heading("Money map (planned monthly flows)");
        var flows = report.Flows.Where(f => f.Amount > 0).ToList();
        if (flows.Count == 0)
        {
            page.Text("No flows in the money map yet.", Margin, 10, Muted);
            return;
        }
        var layout = SankeyLayout.Compute(report.Nodes, flows, Margin, page.Y, Right - Margin, height);
        var graphics = page.Graphics;
        foreach (var band in layout.Bands)
        {
            var path = new XGraphicsPath();
            var middle = (band.X0 + band.X1) / 2;
            path.AddBezier(band.X0, band.Y0, middle, band.Y0, middle, band.Y1, band.X1, band.Y1);
            path.AddLine(band.X1, band.Y1, band.X1, band.Y1 + band.Width);
            path.AddBezier(band.X1, band.Y1 + band.Width, middle, band.Y1 + band.Width, middle, band.Y0 + band.Width, band.X0, band.Y0 + band.Width);
            path.CloseFigure();
            var color = ColorOf(band.SourceType);
            graphics.DrawPath(new XSolidBrush(XColor.FromArgb(90, color.R, color.G, color.B)), path);
        }
        var label = Font(8);
        var value = Font(7);
        foreach (var node in layout.Boxes)
        {
            graphics.DrawRectangle(new XSolidBrush(ColorOf(node.Type)), node.X, node.Y, SankeyLayout.NodeWidth, Math.Max(node.Height, 1));
            var onLeft = node.IsLastColumn;
            var x = onLeft ? node.X - 4 : node.X + SankeyLayout.NodeWidth + 4;
            var format = onLeft ? XStringFormats.TopRight : XStringFormats.TopLeft;
            var top = node.Y + node.Height / 2 - 9;
            graphics.DrawString(Fit(graphics, node.Label, label, 120), label, new XSolidBrush(Ink), x, top, format);
            graphics.DrawString(Amount(node.Value, report.Currency), value, new XSolidBrush(Muted), x, top + 10, format);
        }
        page.Y += height + 12;
    }

    private static XColor ColorOf(NodeType type) => type switch
    {
        NodeType.Income => XColor.FromArgb(0x05, 0x96, 0x69),
        NodeType.Account => XColor.FromArgb(0x25, 0x63, 0xEB),
        NodeType.Savings => XColor.FromArgb(0x7C, 0x3A, 0xED),
        NodeType.Investment => XColor.FromArgb(0x08, 0x91, 0xB2),
        NodeType.Debt => XColor.FromArgb(0xDC, 0x26, 0x26),
        _ => XColor.FromArgb(0xD9, 0x77, 0x06),
    };

    internal static string Amount(long minorUnits, Currency currency)
    {
        var format = currency.Exponent == 0 ? "#,##0" : "#,##0." + new string('0', currency.Exponent);
        return Money.ToMajor(minorUnits, currency).ToString(format, CultureInfo.InvariantCulture);
    }

    private static XFont Font(double size, bool bold = false) => new(ReportFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    /// <summary>The text, shortened with an ellipsis to fit <paramref name="width"/>.</summary>
    private static string Fit(XGraphics graphics, string text, XFont font, double width)
    {
        if (graphics.MeasureString(text, font).Width <= width)
        {
            return text;
        }
        var length = text.Length;
        while (length > 1 && graphics.MeasureString(text[..length] + "…", font).Width > width)
        {
            length--;
        }
        return text[..length] + "…";
    }

    /// <summary>The page being drawn on and how far down it is; starts a new page when a row would not fit.</summary>
    private sealed class Pager(PdfDocument document)
    {
        private XGraphics? _graphics;

        public double Y { get; set; } = Margin;

        public XGraphics Graphics => _graphics ??= Start();

        public void NewPage()
        {
            _graphics?.Dispose();
            _graphics = Start();
        }

        public void Heading(string text)
        {
            if (Y + 3 * RowHeight > Bottom)
            {
                NewPage();
            }
            Graphics.DrawString(text, Font(13, bold: true), new XSolidBrush(Ink), Margin, Y, XStringFormats.TopLeft);
            Y += 22;
        }

        public void Text(string text, double x, double size, XColor color) =>
            Graphics.DrawString(text, Font(size), new XSolidBrush(color), x, Y, XStringFormats.TopLeft);

        public void Row(double[] columns, string[] cells, bool header = false, XColor?[]? colors = null)
        {
            if (Y + RowHeight > Bottom)
            {
                NewPage();
            }
            var font = Font(9, bold: header);
            for (var i = 0; i < cells.Length; i++)
            {
                var end = i + 1 < columns.Length ? columns[i + 1] - 8 : Right;
                var color = colors?[i] ?? (header ? Muted : Ink);
                // The first column is text, left-aligned; the others are figures, right-aligned in their column.
                if (i == 0)
                {
                    Graphics.DrawString(Fit(Graphics, cells[i], font, end - columns[i]), font, new XSolidBrush(color), columns[i], Y, XStringFormats.TopLeft);
                }
                else
                {
                    Graphics.DrawString(Fit(Graphics, cells[i], font, end - columns[i]), font, new XSolidBrush(color), end, Y, XStringFormats.TopRight);
                }
            }
            Y += RowHeight;
            Graphics.DrawLine(new XPen(Rule, 0.5), Margin, Y - 4, Right, Y - 4);
        }

        private XGraphics Start()
        {
            _graphics?.Dispose();
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            Y = Margin;
            return XGraphics.FromPdfPage(page);
        }
    }
}

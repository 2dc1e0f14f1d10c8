using System.Net;
using Budget.Api.Common;

namespace Budget.Api.Imports;

/// <summary>
/// OFX and QFX statements: 1.x (SGML, where a value's closing tag may be left out) and 2.x (XML). No parser for it is
/// served to us, so this is a small strict one: every aggregate must be closed in order, every transaction needs a
/// posting date and an amount, and a statement in another currency than the profile's is refused.
/// </summary>
public static class OfxBankFile
{
    private sealed class Element(string name, int line)
    {
        public string Name { get; } = name;
        public int Line { get; } = line;
        public string? Value { get; set; }
        public List<Element> Children { get; } = [];

        public Element? Child(string name) => Children.FirstOrDefault(c => c.Name == name);

        public IEnumerable<Element> Descendants(string name) =>
            Children.SelectMany(c => c.Name == name ? [c] : c.Descendants(name));
    }

    public static void Read(string text, Currency currency, ParsedBankFile file)
    {
        var root = Parse(text, file);
        if (root is null)
        {
            return;
        }
        var statements = root.Descendants("STMTRS").Concat(root.Descendants("CCSTMTRS")).ToList();
        if (statements.Count == 0)
        {
            file.Broken = new LineProblem(root.Line, "file", "The file holds no bank or credit card statement (no <STMTRS> or <CCSTMTRS>).");
            return;
        }
        foreach (var statement in statements)
        {
            if (statement.Child("CURDEF") is { Value: { } code } curdef && !string.Equals(code.Trim(), currency.Code, StringComparison.OrdinalIgnoreCase))
            {
                file.Broken = new LineProblem(curdef.Line, "CURDEF", $"The statement is in {code.Trim()}; this profile keeps {currency.Code}.");
                return;
            }
            var account = statement.Descendants("ACCTID").FirstOrDefault()?.Value?.Trim() ?? "";
            foreach (var transaction in statement.Descendants("STMTTRN"))
            {
                ReadTransaction(transaction, account, currency, file);
                if (file.Rows.Count > Limits.ImportRows)
                {
                    file.Broken = new LineProblem(transaction.Line, "file", $"The file has more than {Limits.ImportRows} transactions; import it in parts.");
                    return;
                }
            }
        }
    }

    private static void ReadTransaction(Element transaction, string account, Currency currency, ParsedBankFile file)
    {
        var ok = true;
        DateOnly date = default;
        long amount = 0;
        if (transaction.Child("DTPOSTED") is not { Value: { } posted } postedElement)
        {
            file.Problem(transaction.Line, "DTPOSTED", "The transaction has no posting date.");
            ok = false;
        }
        else if (posted.Trim().Length < 8 || !DateOnly.TryParseExact(posted.Trim()[..8], "yyyyMMdd", out date) || date < Dates.Earliest || date > Dates.Latest)
        {
            file.Problem(postedElement.Line, "DTPOSTED", $"\"{LocalAmounts.Shorten(posted.Trim())}\" is not an OFX date like 20251231.");
            ok = false;
        }
        if (transaction.Child("TRNAMT") is not { Value: { } trnamt } amountElement)
        {
            file.Problem(transaction.Line, "TRNAMT", "The transaction has no amount.");
            ok = false;
        }
        else
        {
            // OFX writes a decimal point; some European banks write a comma instead (and never group thousands).
            var separator = trnamt.Contains(',') && !trnamt.Contains('.') ? ',' : '.';
            if (!LocalAmounts.TryParse(trnamt, separator, currency, out amount, out var error))
            {
                file.Problem(amountElement.Line, "TRNAMT", error!);
                ok = false;
            }
            else if (amount == 0)
            {
                file.Problem(amountElement.Line, "TRNAMT", "The amount is zero; Budget keeps no zero transactions.");
                ok = false;
            }
        }
        if (ok)
        {
            var fitId = transaction.Child("FITID")?.Value?.Trim();
            var payee = transaction.Child("NAME")?.Value ?? transaction.Child("PAYEE")?.Child("NAME")?.Value;
            var note = BankFile.Note(payee, transaction.Child("MEMO")?.Value);
            file.Rows.Add(new BankRow(transaction.Line, date, -amount, note, string.IsNullOrEmpty(fitId) ? null : $"ofx:{account}:{fitId}"));
        }
    }

    /// <summary>The element tree from <c>&lt;OFX&gt;</c> on, or null (and the file marked broken) when tags do not nest.</summary>
    private static Element? Parse(string text, ParsedBankFile file)
    {
        var start = text.IndexOf("<OFX>", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            file.Broken = new LineProblem(1, "file", "The file has no <OFX> element.");
            return null;
        }
        var line = 1 + text.AsSpan(0, start).Count('\n');
        var stack = new Stack<Element>();
        Element? root = null;
        Element? openLeaf = null;
        var i = start;
        while (i < text.Length)
        {
            if (text[i] == '\n')
            {
                line++;
                i++;
                continue;
            }
            if (text[i] != '<')
            {
                var end = text.IndexOf('<', i);
                if (end < 0)
                {
                    end = text.Length;
                }
                var value = text[i..end];
                if (value.Trim().Length > 0)
                {
                    if (stack.Count == 0 || openLeaf is not null)
                    {
                        file.Broken = new LineProblem(line, "file", $"Text \"{LocalAmounts.Shorten(value.Trim())}\" outside of any element.");
                        return null;
                    }
                    // A tag followed by text is a value (in SGML its closing tag may be left out).
                    var element = stack.Pop();
                    element.Value = WebUtility.HtmlDecode(value.Trim());
                    openLeaf = element;
                }
                line += value.Count(c => c == '\n');
                i = end;
                continue;
            }
            var close = text.IndexOf('>', i);
            if (close < 0)
            {
                file.Broken = new LineProblem(line, "file", "A tag is not closed with '>'.");
                return null;
            }
            var tag = text[(i + 1)..close].Trim();
            line += tag.Count(c => c == '\n');
            i = close + 1;
            if (tag.StartsWith('?') || tag.StartsWith('!'))
            {
                continue;
            }
            if (tag.StartsWith('/'))
            {
                var name = tag[1..].Trim().ToUpperInvariant();
                if (openLeaf is not null && openLeaf.Name == name)
                {
                    openLeaf = null;
                    continue;
                }
                openLeaf = null;
                if (stack.Count == 0 || stack.Peek().Name != name)
                {
                    var expected = stack.Count == 0 ? "nothing is open" : $"<{stack.Peek().Name}> from line {stack.Peek().Line} is still open";
                    file.Broken = new LineProblem(line, "file", $"</{name}> closes an element that is not open here ({expected}).");
                    return null;
                }
                stack.Pop();
                continue;
            }
            openLeaf = null;
            if (tag.Length == 0 || tag.EndsWith('/') || !tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_'))
            {
                file.Broken = new LineProblem(line, "file", $"<{LocalAmounts.Shorten(tag)}> is not an OFX tag.");
                return null;
            }
            var opened = new Element(tag.ToUpperInvariant(), line);
            if (stack.Count > 0)
            {
                stack.Peek().Children.Add(opened);
            }
            else if (root is null)
            {
                root = opened;
            }
            else
            {
                file.Broken = new LineProblem(line, "file", $"<{opened.Name}> after the end of <OFX>.");
                return null;
            }
            if (stack.Count > 64)
            {
                file.Broken = new LineProblem(line, "file", "Elements are nested too deeply.");
                return null;
            }
            stack.Push(opened);
        }
        if (stack.Count > 0)
        {
            var lastLine = 1 + text.AsSpan(0, text.TrimEnd().Length).Count('\n');
            file.Broken = new LineProblem(lastLine, "file", $"The file ends while <{stack.Peek().Name}> from line {stack.Peek().Line} is open (is it cut off?).");
            return null;
        }
        return root;
    }
}

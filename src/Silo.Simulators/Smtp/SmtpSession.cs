using System.Text;

namespace Silo.Simulators.Smtp;

/// <summary>
/// One SMTP conversation (RFC 5321): <c>EHLO</c>/<c>HELO</c>, <c>AUTH PLAIN</c>/<c>LOGIN</c> (RFC 4954) when the simulator
/// has credentials, <c>MAIL</c>, <c>RCPT</c>, <c>DATA</c> (with dot-unstuffing), <c>RSET</c>, <c>NOOP</c>, <c>QUIT</c>; the
/// faults decide the greeting, the recipients and the answer to the data.
/// </summary>
internal sealed class SmtpSession(SmtpSimulator sim, Stream stream)
{
    private const string Name = "silo-smtp-simulator";
    private const int MaxLine = 64 * 1024;
    private const int MaxMessage = 10 * 1024 * 1024;

    private readonly byte[] _buffer = new byte[8192];
    private int _start, _end;
    private string? _from;
    private readonly List<string> _to = [];
    private string? _user;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!sim.Connected())
        {
            await ReplyAsync("421 4.3.2 Service not available, closing transmission channel", cancellationToken);
            return;
        }
        await ReplyAsync($"220 {Name} ESMTP ready", cancellationToken);
        while (await ReadLineAsync(cancellationToken) is { } bytes)
        {
            var line = Encoding.UTF8.GetString(bytes);
            var (verb, argument) = line.IndexOf(' ') is var space and > 0 ? (line[..space].ToUpperInvariant(), line[(space + 1)..]) : (line.ToUpperInvariant(), "");
            switch (verb)
            {
                case "EHLO":
                    var auth = sim.Credentials is null ? "" : "250-AUTH PLAIN LOGIN\r\n";
                    await ReplyAsync($"250-{Name} greets {argument}\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n{auth}250 SIZE {MaxMessage}", cancellationToken);
                    break;
                case "HELO":
                    await ReplyAsync($"250 {Name}", cancellationToken);
                    break;
                case "AUTH":
                    await AuthenticateAsync(argument, cancellationToken);
                    break;
                case "MAIL" when !argument.StartsWith("FROM:", StringComparison.OrdinalIgnoreCase):
                case "RCPT" when !argument.StartsWith("TO:", StringComparison.OrdinalIgnoreCase):
                    await ReplyAsync("501 5.5.4 Syntax error in parameters", cancellationToken);
                    break;
                case "MAIL" when sim.Credentials is not null && _user is null:
                    await ReplyAsync("530 5.7.0 Authentication required", cancellationToken);
                    break;
                case "MAIL":
                    _from = Mailbox(argument[5..]);
                    _to.Clear();
                    await ReplyAsync("250 2.1.0 OK", cancellationToken);
                    break;
                case "RCPT" when _from is null:
                    await ReplyAsync("503 5.5.1 MAIL first", cancellationToken);
                    break;
                case "RCPT":
                    var to = Mailbox(argument[3..]);
                    if (sim.Knows(to))
                    {
                        _to.Add(to);
                        await ReplyAsync("250 2.1.5 OK", cancellationToken);
                    }
                    else await ReplyAsync($"550 5.1.1 <{to}>: Recipient address rejected: mailbox unknown", cancellationToken);
                    break;
                case "DATA" when _from is null || _to.Count == 0:
                    await ReplyAsync("503 5.5.1 No valid recipients", cancellationToken);
                    break;
                case "DATA":
                    if (!await DataAsync(cancellationToken)) return;
                    break;
                case "RSET":
                    _from = null;
                    _to.Clear();
                    await ReplyAsync("250 2.0.0 OK", cancellationToken);
                    break;
                case "NOOP":
                    await ReplyAsync("250 2.0.0 OK", cancellationToken);
                    break;
                case "QUIT":
                    await ReplyAsync("221 2.0.0 Bye", cancellationToken);
                    return;
                default:
                    await ReplyAsync("502 5.5.2 Command not implemented", cancellationToken);
                    break;
            }
        }
    }

    /// <summary>Reads the message up to the lone dot; false when the connection is to be held (the hang fault) or was lost.</summary>
    private async Task<bool> DataAsync(CancellationToken cancellationToken)
    {
        await ReplyAsync("354 End data with <CR><LF>.<CR><LF>", cancellationToken);
        using var message = new MemoryStream();
        while (true)
        {
            if (await ReadLineAsync(cancellationToken) is not { } line) return false;
            if (line is [(byte)'.']) break;
            // RFC 5321 4.5.2: a line the client began with a dot got a second one.
            var content = line is [(byte)'.', ..] ? line.AsSpan(1) : line;
            if (message.Length + content.Length + 2 > MaxMessage)
            {
                await ReplyAsync("552 5.3.4 Message too big", cancellationToken);
                return false;
            }
            message.Write(content);
            message.Write("\r\n"u8);
        }
        var verdict = sim.Receive(_from!, [.. _to], _user, message.ToArray());
        _from = null;
        _to.Clear();
        switch (verdict)
        {
            case SmtpSimulator.DataVerdict.Deferred:
                await ReplyAsync("451 4.3.0 Temporary failure, try again later", cancellationToken);
                return true;
            case SmtpSimulator.DataVerdict.Hang:
                // Kept, never answered: the client's timeout decides; the connection ends when it gives up.
                while (await ReadLineAsync(cancellationToken) is not null) { }
                return false;
            default:
                await ReplyAsync($"250 2.0.0 OK queued as {sim.Received.Count}", cancellationToken);
                return true;
        }
    }

    private async Task AuthenticateAsync(string argument, CancellationToken cancellationToken)
    {
        var parts = argument.Split(' ', 2);
        string? user = null, password = null;
        switch (parts[0].ToUpperInvariant())
        {
            case "PLAIN" when sim.Credentials is not null:
                var initial = parts.Length > 1 ? parts[1] : await ChallengeAsync("", cancellationToken);
                var fields = Decode(initial)?.Split('\0');
                if (fields is { Length: 3 }) (user, password) = (fields[1], fields[2]);
                break;
            case "LOGIN" when sim.Credentials is not null:
                user = Decode(parts.Length > 1 ? parts[1] : await ChallengeAsync("Username:", cancellationToken));
                password = Decode(await ChallengeAsync("Password:", cancellationToken));
                break;
            default:
                await ReplyAsync("504 5.5.4 Unrecognized authentication type", cancellationToken);
                return;
        }
        if (user is not null && password is not null && sim.Accepts(user, password))
        {
            _user = user;
            await ReplyAsync("235 2.7.0 Authentication successful", cancellationToken);
        }
        else await ReplyAsync("535 5.7.8 Authentication credentials invalid", cancellationToken);
    }

    private async Task<string> ChallengeAsync(string prompt, CancellationToken cancellationToken)
    {
        await ReplyAsync("334 " + Convert.ToBase64String(Encoding.UTF8.GetBytes(prompt)), cancellationToken);
        return await ReadLineAsync(cancellationToken) is { } line ? Encoding.ASCII.GetString(line) : "";
    }

    private static string? Decode(string base64)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim())); }
        catch (FormatException) { return null; }
    }

    // "<a@b> SIZE=123" → "a@b"
    private static string Mailbox(string path)
    {
        var text = path.Trim();
        var close = text.IndexOf('>');
        return text.StartsWith('<') && close > 0 ? text[1..close] : text.Split(' ')[0];
    }

    private async Task ReplyAsync(string reply, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>The next line without its CRLF; null when the client closed the connection.</summary>
    private async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        using var line = new MemoryStream();
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                line.Write(_buffer, _start, newline - _start);
                _start = newline + 1;
                var bytes = line.ToArray();
                return bytes is [.., (byte)'\r'] ? bytes[..^1] : bytes;
            }
            line.Write(_buffer, _start, _end - _start);
            if (line.Length > MaxLine) throw new IOException("Line too long.");
            (_start, _end) = (0, await stream.ReadAsync(_buffer, cancellationToken));
            if (_end == 0) return null;
        }
    }
}

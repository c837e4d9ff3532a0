<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>GlossaryDialog</name>
    <message numerus="yes">
        <source>%n term(s) left out: the termbase translates each two ways (%1).</source>
        <translation>
            <numerusform>%n term left out: the termbase translates it two ways (%1).</numerusform>
            <numerusform>%n terms left out: the termbase translates each two ways (%1).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message numerus="yes">
        <source>%n result(s) deleted; {keys} brings them back</source>
        <translation>
            <numerusform>%n result deleted; {keys} brings it back</numerusform>
            <numerusform>%n results deleted; {keys} brings them back</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) brought back</source>
        <translation>
            <numerusform>%n result brought back</numerusform>
            <numerusform>%n results brought back</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n result(s)</source>
        <translation>
            <numerusform>{shown} of %n result</numerusform>
            <numerusform>{shown} of %n results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete all %n result(s) from the history?</source>
        <translation>
            <numerusform>Delete the one result in the history?</numerusform>
            <numerusform>Delete all %n results from the history?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n file(s) were not finished when Quire closed: select them and press Retry to go on where they stopped</source>
        <translation>
            <numerusform>%n file was not finished when Quire closed: select it and press Retry to go on where it stopped</numerusform>
            <numerusform>%n files were not finished when Quire closed: select them and press Retry to go on where they stopped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unfinished file(s) are no longer where they were: %1</source>
        <translation>
            <numerusform>%n unfinished file is no longer where it was: %1</numerusform>
            <numerusform>%n unfinished files are no longer where they were: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) translated before were left out</source>
        <translation>
            <numerusform>%n file translated before was left out</numerusform>
            <numerusform>%n files translated before were left out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) Quire cannot read were left out ({kinds})</source>
        <translation>
            <numerusform>%n file Quire cannot read was left out ({kinds})</numerusform>
            <numerusform>%n files Quire cannot read were left out ({kinds})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) of kinds Quire reads, but not text it translates (settings, code), were left out ({kinds})</source>
        <translation>
            <numerusform>%n file of a kind Quire reads, but not text it translates (settings, code), was left out ({kinds})</numerusform>
            <numerusform>%n files of kinds Quire reads, but not text it translates (settings, code), were left out ({kinds})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Offline mode is on: %n download(s) stopped; what they fetched is kept.</source>
        <translation>
            <numerusform>Offline mode is on: %n download stopped; what it fetched is kept.</numerusform>
            <numerusform>Offline mode is on: %n downloads stopped; what they fetched is kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n damaged line(s) of the history could not be read; the file as it was is kept as {0}</source>
        <translation>
            <numerusform>%n damaged line of the history could not be read; the file as it was is kept as {0}</numerusform>
            <numerusform>%n damaged lines of the history could not be read; the file as it was is kept as {0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) still to translate</source>
        <translation>
            <numerusform>%n file still to translate</numerusform>
            <numerusform>%n files still to translate</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running job(s)</source>
        <translation>
            <numerusform>%n running job</numerusform>
            <numerusform>%n running jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n download(s)</source>
        <translation>
            <numerusform>%n download</numerusform>
            <numerusform>%n downloads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelManager</name>
    <message numerus="yes">
        <source>%n model(s), {size} on disk</source>
        <translation>
            <numerusform>%n model, {size} on disk</numerusform>
            <numerusform>%n models, {size} on disk</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{name}: all %n file(s) are as they were installed.</source>
        <translation>
            <numerusform>{name}: the one file is as it was installed.</numerusform>
            <numerusform>{name}: all %n files are as they were installed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message numerus="yes">
        <source>{counts} · %n sentence(s) from the translation memory</source>
        <translation>
            <numerusform>{counts} · %n sentence from the translation memory</numerusform>
            <numerusform>{counts} · %n sentences from the translation memory</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n part(s) kept their source text: the model gave back nothing for them, only repeated itself, or lost a placeholder.</source>
        <translation>
            <numerusform>%n part kept its source text: the model gave back nothing for it, only repeated itself, or lost a placeholder.</numerusform>
            <numerusform>%n parts kept their source text: the model gave back nothing for them, only repeated itself, or lost a placeholder.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln file(s) done, {failed} failed</source>
        <translation>
            <numerusform>{done} of %Ln file done, {failed} failed</numerusform>
            <numerusform>{done} of %Ln files done, {failed} failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummarizePane</name>
    <message numerus="yes">
        <source>From paragraph(s) {numbers}</source>
        <translation>
            <numerusform>From paragraph {numbers}</numerusform>
            <numerusform>From paragraphs {numbers}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TranslatePane</name>
    <message numerus="yes">
        <source>Glossary: %Ln term(s) for {languages}, translated your way (Settings → Glossary…)</source>
        <translation>
            <numerusform>Glossary: %Ln term for {languages}, translated your way (Settings → Glossary…)</numerusform>
            <numerusform>Glossary: %Ln terms for {languages}, translated your way (Settings → Glossary…)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sentence(s) look garbled; check them</source>
        <translation>
            <numerusform>%n sentence looks garbled; check it</numerusform>
            <numerusform>%n sentences look garbled; check them</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sentence(s) from the translation memory {name}</source>
        <translation>
            <numerusform>%n sentence from the translation memory {name}</numerusform>
            <numerusform>%n sentences from the translation memory {name}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n memory unit(s) in {variant} left out (translating into {target})</source>
        <translation>
            <numerusform>%n memory unit in {variant} left out (translating into {target})</numerusform>
            <numerusform>%n memory units in {variant} left out (translating into {target})</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_OneFile</name>
    <message numerus="yes">
        <source>This pane works on one file at a time: {name} is opened, and the other %n file(s) are left out.</source>
        <translation>
            <numerusform>This pane works on one file at a time: {name} is opened, and the other %n file is left out.</numerusform>
            <numerusform>This pane works on one file at a time: {name} is opened, and the other %n files are left out.</numerusform>
        </translation>
    </message>
</context>
</TS>

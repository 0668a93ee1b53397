<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ldm::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n file(s) in the models folder are not models LDM Studio can use.</source>
        <translation>
            <numerusform>%n file in the models folder is not a model LDM Studio can use.</numerusform>
            <numerusform>%n files in the models folder are not models LDM Studio can use.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Queued %n image(s)</source>
        <translation>
            <numerusform>Queued %n image</numerusform>
            <numerusform>Queued %n images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ldm::ui::SamplerOptions</name>
    <message numerus="yes">
        <source>%n step(s), %1</source>
        <translation>
            <numerusform>%n step, %1</numerusform>
            <numerusform>%n steps, %1</numerusform>
        </translation>
    </message>
</context>
</TS>

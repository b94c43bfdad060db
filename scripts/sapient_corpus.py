#!/usr/bin/env python3
# sapient_corpus.py — writes fuzz/corpus/sapient/: SAPIENT sessions (length-prefixed
# SapientMessages) encoded by protoc from text. Run from the repository root.
import struct, subprocess, sys
T="sapient_msg.bsi_flex_335_v2_0.SapientMessage"
def enc(text):
    return subprocess.run(["protoc","--encode="+T,"-I","proto/sapient","proto/sapient/sapient_message.proto"],input=text.encode(),capture_output=True,check=True).stdout
def frame(b): return struct.pack("<I",len(b))+b
N='node_id: "3f2504e0-4f89-41d3-9a0c-0305e82c3301" '
TS='timestamp { seconds: 1700000000 nanos: 125000000 } '
reg=TS+N+'registration { node_definition { node_type: NODE_TYPE_RADAR } icd_version: "BSI Flex 335 v2.0" name: "Radar" short_name: "radar-1" capabilities { category: "Detection" type: "Classification" } status_definition { status_interval { units: TIME_UNITS_SECONDS value: 5 } location_definition { location_units: LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M location_datum: LOCATION_DATUM_WGS84_E } } mode_definition { mode_name: "default" mode_type: MODE_TYPE_PERMANENT settle_time { units: TIME_UNITS_SECONDS value: 1 } task { region_definition { region_type: REGION_TYPE_AREA_OF_INTEREST region_area { location_units: LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M location_datum: LOCATION_DATUM_WGS84_E } } } } config_data { manufacturer: "Acme" model: "R1" } }'
rb=TS+N+'detection_report { report_id: "01HX0000000000000000000000" object_id: "01HX0000000000000000000001" range_bearing { range: 1520.3 azimuth: 43.2 elevation: 2.1 range_error: 5 azimuth_error: 0.5 elevation_error: 0.5 coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M datum: RANGE_BEARING_DATUM_TRUE } detection_confidence: 0.9 classification { type: "Air Vehicle" confidence: 0.9 sub_class { type: "UAV" confidence: 0.8 level: 1 sub_class { type: "Rotary Wing" level: 2 } } } behaviour { type: "Loitering" confidence: 0.5 } signal { amplitude: -60 centre_frequency: 5.8e9 } enu_velocity { east_rate: 3 north_rate: -4 } colour: "black" }'
loc=TS+N+'detection_report { report_id: "a" object_id: "b" location { x: -1.49 y: 51.01 z: 150 x_error: 0.0001 y_error: 0.0001 z_error: 10 coordinate_system: LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M datum: LOCATION_DATUM_WGS84_E } classification { type: "Bird" confidence: 0.6 } prediction_location { location { x: -1.48 y: 51.0 coordinate_system: LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M datum: LOCATION_DATUM_WGS84_E } predicted_timestamp { seconds: 1700000005 } } }'
st=TS+N+'status_report { report_id: "s" system: SYSTEM_OK info: INFO_NEW mode: "default" power { level: 80 source: POWERSOURCE_MAINS status: POWERSTATUS_OK } node_location { x: -1.5 y: 51.0 z: 120 coordinate_system: LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M datum: LOCATION_DATUM_WGS84_E } field_of_view { range_bearing { azimuth: 90 horizontal_extent: 120 range: 5000 coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M datum: RANGE_BEARING_DATUM_TRUE } } }'
bye=TS+N+'status_report { system: SYSTEM_GOODBYE }'
svc=[TS+N+'task_ack { task_id: "t" task_status: TASK_STATUS_ACCEPTED associated_file { type: "image" url: "http://x/y.png" } reason: "ok" }',
     TS+N+'alert { alert_id: "a" alert_type: ALERT_TYPE_WARNING status: ALERT_STATUS_ACTIVE description: "intruder" location { x: -1.5 y: 51 coordinate_system: LOCATION_COORDINATE_SYSTEM_LAT_LNG_RAD_M datum: LOCATION_DATUM_WGS84_G } priority: DISCRETE_PRIORITY_HIGH }',
     TS+N+'alert_ack { alert_id: "a" alert_ack_status: ALERT_ACK_STATUS_ACCEPTED reason: "seen" }',
     TS+N+'error { packet: "\\001\\002" error_message: "bad" }',
     TS+N+'destination_id: "9a1b8c7d-0000-4000-8000-00000000beef" task { task_id: "t" task_name: "look" control: CONTROL_START command { look_at { location_list { locations { x: 1 y: 2 coordinate_system: LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M datum: LOCATION_DATUM_WGS84_E } } } } }',
     TS+N+'registration_ack { acceptance: true }']
seeds={
 "seed-01-reg-rb": [reg, rb],
 "seed-02-reg-status-loc": [reg, st, loc, rb],
 "seed-03-services-bye": [reg]+svc+[bye, rb],
 "seed-04-before-reg": [rb, loc, reg, rb],
 "seed-05-bearing": [reg, TS+N+'detection_report { range_bearing { azimuth: 0.5 elevation: 0.1 coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_RADIANS_KM datum: RANGE_BEARING_DATUM_TRUE } classification { type: "human" } }'],
}
for name, msgs in seeds.items():
    open("fuzz/corpus/sapient/"+name+".bin","wb").write(b"".join(frame(enc(m)) for m in msgs))

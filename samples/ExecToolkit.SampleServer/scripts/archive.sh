#!/bin/sh
# archive.sh FOLDER: stores the SIP message on stdin, byte for byte, in a new file of FOLDER.
folder=$1
mkdir -p "$folder" || exit 1
file=$(mktemp "$folder/message-XXXXXXXX") || exit 1
cat > "$file"
